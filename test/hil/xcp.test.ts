// The XCP slave of `hpa hil serve --xcp-port` (ASAM MCD-1 XCP 1.x, Part 2 packet layouts, Part 3 on
// Ethernet): connection, identification, memory access, calibration limits and pages, checksum, DAQ
// on the 10 ms event, error codes for out-of-order and disconnected commands.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CAL, IN, OUT, ST } from '../../host/ecu/abi-views.js';
import { generateA2l } from '../../host/hil/a2l.js';
import { encodeInputFrame } from '../../host/hil/frame-codec.js';
import { regions } from '../../host/hil/memory-map.js';
import { serveCommand, type ServeHandle } from '../../host/hil/serve-command.js';
import { crc32 } from '../../host/hil/xcp/crc32.js';
import { cruiseFrame, RawRig } from './udp-harness.js';
import { f64le, le32, readF64le, XcpMaster } from './xcp-master.js';

const RIG_PORT = 41104, XCP_PORT = 41105;
let handle: ServeHandle;
let rig: RawRig;
let xcp: XcpMaster;
let counter = 0;
const frame = cruiseFrame();
const cycles = async (n: number) => { for (let i = 0; i < n; i++) { frame[IN.frameCounter] = counter; await rig.cycle(encodeInputFrame(frame, counter++)); } };
const calAddr = (slot: number) => regions(handle.server.ecu).calibration.address + slot * 8;

beforeAll(async () => {
  handle = await serveCommand({ firmware: '1.1.0', bind: `127.0.0.1:${RIG_PORT}`, mode: 'lockstep', xcpPort: XCP_PORT });
  rig = new RawRig(RIG_PORT);
  xcp = await XcpMaster.udp(XCP_PORT);
  await cycles(3);
});
afterAll(async () => { xcp.close(); await rig.close(); await handle.close(); });

describe('XCP on UDP: session', () => {
  it('before CONNECT every command gets ERR_SEQUENCE (0x29)', async () => {
    expect(await xcp.cmd(0xfd)).toEqual([0xfe, 0x29]);
    expect(await xcp.cmd(0xf4, 4, 0, 0, ...le32(0))).toEqual([0xfe, 0x29]);
  });
  it('CONNECT (FF 00) → FF, RESOURCE CAL/PAG+DAQ, COMM_MODE_BASIC, MAX_CTO, MAX_DTO (LE word), protocol and transport versions', async () => {
    expect(await xcp.cmd(0xff, 0x00)).toEqual([0xff, 0x05, 0x80, 252, 0x00, 0x04, 0x01, 0x01]);
  });
  it('GET_STATUS, GET_COMM_MODE_INFO, SYNCH (→ ERR_CMD_SYNCH), an unknown command (→ ERR_CMD_UNKNOWN)', async () => {
    expect(await xcp.cmd(0xfd)).toEqual([0xff, 0x00, 0x00, 0x00, 0x00, 0x00]);
    expect((await xcp.cmd(0xfb))[0]).toBe(0xff);
    expect(await xcp.cmd(0xfc)).toEqual([0xfe, 0x00]);
    expect(await xcp.cmd(0x01)).toEqual([0xfe, 0x20]);
    expect(await xcp.cmd(0xf6)).toEqual([0xfe, 0x21]); // SET_MTA without its address: syntax error
  });
  it('GET_ID (EPK) then UPLOAD from the MTA it sets: the A2L\'s EPK', async () => {
    const r = await xcp.cmd(0xfa, 0x05);
    expect(r.slice(0, 4)).toEqual([0xff, 0, 0, 0]);
    const len = Buffer.from(r.slice(4, 8)).readUInt32LE(0);
    const up = await xcp.cmd(0xf5, len);
    const epk = Buffer.from(up.slice(1)).toString('ascii');
    expect(generateA2l(handle.server.ecu)).toContain(`EPK "${epk}"`);
  });
  it('the response counter CTR advances by one per packet', () => {
    const c = xcp.ctrs;
    for (let i = 1; i < c.length; i++) expect(c[i]).toBe(c[i - 1] + 1);
  });
});

describe('XCP: calibration through memory access', () => {
  it('SHORT_UPLOAD and SET_MTA + UPLOAD read a calibration value at its A2L address', async () => {
    const up = await xcp.cmd(0xf4, 8, 0, 0, ...le32(calAddr(CAL.fcwTtcS)));
    expect(readF64le(up.slice(1))).toBe(3.0);
    expect(await xcp.cmd(0xf6, 0, 0, 0, ...le32(calAddr(CAL.fcwTtcS)))).toEqual([0xff]);
    expect(readF64le((await xcp.cmd(0xf5, 8)).slice(1))).toBe(3.0);
  });
  it('SHORT_DOWNLOAD within limits is accepted and lands at the next cycle boundary', async () => {
    expect(await xcp.cmd(0xed, 8, 0, 0, ...le32(calAddr(CAL.fcwTtcS)), ...f64le(2.5))).toEqual([0xff]);
    expect(handle.server.ecu.calibration[CAL.fcwTtcS]).toBe(3.0); // not yet: no cycle since
    expect(readF64le((await xcp.cmd(0xf4, 8, 0, 0, ...le32(calAddr(CAL.fcwTtcS)))).slice(1))).toBe(2.5); // the master reads its write back
    await cycles(1);
    expect(handle.server.ecu.calibration[CAL.fcwTtcS]).toBe(2.5);
  });
  it('DOWNLOAD outside the declared limits → ERR_OUT_OF_RANGE (0x22); nothing changes', async () => {
    expect(await xcp.cmd(0xf6, 0, 0, 0, ...le32(calAddr(CAL.fcwTtcS)))).toEqual([0xff]);
    expect(await xcp.cmd(0xf0, 8, ...f64le(7))).toEqual([0xfe, 0x22]); // max 6 s
    expect(await xcp.cmd(0xed, 8, 0, 0, ...le32(calAddr(CAL.fcwTtcS)), ...f64le(NaN))).toEqual([0xfe, 0x22]);
    // E2E windows must keep the state machine's constraints: MinOkStateValid > MinOkStateInit is refused.
    expect(await xcp.cmd(0xed, 8, 0, 0, ...le32(calAddr(CAL.e2eMinOkStateValid)), ...f64le(5))).toEqual([0xfe, 0x22]);
    await cycles(1);
    expect(handle.server.ecu.calibration[CAL.fcwTtcS]).toBe(2.5);
  });
  it('writes outside calibration memory → ERR_ACCESS_DENIED (0x24): inputs, outputs, state, beyond memory', async () => {
    const r = regions(handle.server.ecu);
    for (const address of [r.inputs.address + IN.egoSpeedMps * 8, r.outputs.address + OUT.accelCmdMps2 * 8, r.state.address + ST.mode * 8, 0x20000]) {
      expect(await xcp.cmd(0xed, 8, 0, 0, ...le32(address), ...f64le(1))).toEqual([0xfe, 0x24]);
    }
  });
  it('the firmware re-derives its timers after a write: staleFrameS 0.05 → 0.5 s tolerates a 20-cycle frozen counter', async () => {
    expect(await xcp.cmd(0xed, 8, 0, 0, ...le32(calAddr(CAL.staleFrameS)), ...f64le(0.5))).toEqual([0xff]);
    await cycles(1);
    const frozen = counter - 1;
    for (let i = 0; i < 20; i++) {
      frame[IN.frameCounter] = frozen;
      const r = await rig.cycle(encodeInputFrame(frame, counter++));
      expect(r.outputs[OUT.faultCode]).toBe(0);
    }
  });
  it('BUILD_CHECKSUM over the calibration block is its CRC-32 (type XCP_CRC_32 = 0x09)', async () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    const r = regions(handle.server.ecu).calibration;
    await xcp.cmd(0xf6, 0, 0, 0, ...le32(r.address));
    const resp = await xcp.cmd(0xf3, 0, 0, 0, ...le32(r.bytes));
    const mem = new Uint8Array(handle.server.ecu.exports.memory.buffer, r.address, r.bytes);
    expect(resp.slice(0, 4)).toEqual([0xff, 0x09, 0, 0]);
    expect(Buffer.from(resp.slice(4, 8)).readUInt32LE(0)).toBe(crc32(mem));
  });
});

describe('XCP: calibration pages (0 working, 1 reference = release defaults)', () => {
  it('XCP access to the reference page reads defaults and refuses writes (ERR_WRITE_PROTECTED 0x23)', async () => {
    expect(await xcp.cmd(0xeb, 0x02, 0, 1)).toEqual([0xff]);
    expect(await xcp.cmd(0xea, 0x02, 0)).toEqual([0xff, 0, 0, 1]);
    expect(readF64le((await xcp.cmd(0xf4, 8, 0, 0, ...le32(calAddr(CAL.fcwTtcS)))).slice(1))).toBe(3.0);
    expect(await xcp.cmd(0xed, 8, 0, 0, ...le32(calAddr(CAL.fcwTtcS)), ...f64le(2))).toEqual([0xfe, 0x23]);
    expect(await xcp.cmd(0xeb, 0x02, 0, 0)).toEqual([0xff]);
    expect(await xcp.cmd(0xeb, 0x02, 0, 2)).toEqual([0xfe, 0x26]); // no page 2
  });
  it('the ECU switches to the reference page at a cycle boundary, and back', async () => {
    expect(await xcp.cmd(0xeb, 0x01, 0, 1)).toEqual([0xff]);
    await cycles(1);
    expect(await xcp.cmd(0xea, 0x01, 0)).toEqual([0xff, 0, 0, 1]);
    expect(handle.server.ecu.calibration[CAL.fcwTtcS]).toBe(3.0);
    await xcp.cmd(0xeb, 0x01, 0, 0);
    await cycles(1);
    expect(handle.server.ecu.calibration[CAL.fcwTtcS]).toBe(2.5);
  });
  it('COPY_CAL_PAGE reference → working restores the defaults; copying onto the reference is refused', async () => {
    expect(await xcp.cmd(0xe4, 0, 1, 0, 0)).toEqual([0xff]);
    expect(await xcp.cmd(0xe4, 0, 0, 0, 1)).toEqual([0xfe, 0x23]);
    await cycles(1);
    expect(handle.server.ecu.calibration[CAL.fcwTtcS]).toBe(3.0);
    expect(handle.server.ecu.calibration[CAL.staleFrameS]).toBe(0.05);
  });
});

describe('XCP: synchronous DAQ on the 10 ms event with timestamps', () => {
  it('out of order: WRITE_DAQ before SET_DAQ_PTR → ERR_SEQUENCE; a list without entries cannot start → ERR_DAQ_CONFIG', async () => {
    expect(await xcp.cmd(0xd6)).toEqual([0xff]);
    expect(await xcp.cmd(0xe1, 0xff, 8, 0, ...le32(0))).toEqual([0xfe, 0x29]);
    expect(await xcp.cmd(0xd5, 0, 1, 0)).toEqual([0xff]);
    expect(await xcp.cmd(0xde, 1, 0, 0)).toEqual([0xfe, 0x2a]);
  });
  it('GET_DAQ_PROCESSOR_INFO, GET_DAQ_RESOLUTION_INFO, GET_DAQ_EVENT_INFO: one 10 ms event named by UPLOAD', async () => {
    expect(await xcp.cmd(0xda)).toEqual([0xff, 0x11, 0, 0, 1, 0, 0, 0]);
    expect(await xcp.cmd(0xd9)).toEqual([0xff, 1, 8, 1, 0, 0x3c, 1, 0]);
    const ev = await xcp.cmd(0xd7, 0, 0, 0);
    expect(ev).toEqual([0xff, 0x04, 0xff, 10, 10, 6, 0]);
    expect(Buffer.from((await xcp.cmd(0xf5, ev[3])).slice(1)).toString('ascii')).toBe('cycle_10ms');
    expect(await xcp.cmd(0xd7, 0, 1, 0)).toEqual([0xfe, 0x22]);
  });
  it('one list, one ODT with the command and the cycle counter: one DTO per cycle, PID 0, rising timestamp', async () => {
    const r = regions(handle.server.ecu);
    expect(await xcp.cmd(0xd4, 0, 0, 0, 1)).toEqual([0xff]); // ALLOC_ODT daq 0: 1 ODT
    expect(await xcp.cmd(0xd3, 0, 0, 0, 0, 2)).toEqual([0xff]); // ALLOC_ODT_ENTRY daq 0 odt 0: 2
    expect(await xcp.cmd(0xe2, 0, 0, 0, 0, 0)).toEqual([0xff]); // SET_DAQ_PTR 0/0/0
    expect(await xcp.cmd(0xe1, 0xff, 8, 0, ...le32(r.outputs.address + OUT.accelCmdMps2 * 8))).toEqual([0xff]);
    expect(await xcp.cmd(0xe1, 0xff, 8, 0, ...le32(r.state.address + ST.cycle * 8))).toEqual([0xff]);
    expect(await xcp.cmd(0xe0, 0x10, 0, 0, 0, 0, 1, 0)).toEqual([0xff]); // timestamp on, event 0, prescaler 1
    expect(await xcp.cmd(0xe0, 0x10, 0, 0, 7, 0, 1, 0)).toEqual([0xfe, 0x22]); // no event channel 7
    expect(await xcp.cmd(0xde, 2, 0, 0)).toEqual([0xff, 0]); // select, first PID 0
    expect(await xcp.cmd(0xdd, 1)).toEqual([0xff]); // start selected
    expect((await xcp.cmd(0xfd))[1] & 0x40).toBe(0x40); // DAQ_RUNNING
    xcp.dtos.length = 0;
    await cycles(5);
    await new Promise((res) => setTimeout(res, 50));
    expect(xcp.dtos.length).toBe(5);
    const stamps = xcp.dtos.map((d) => Buffer.from(d).readUInt32LE(1));
    const cyclesSeen = xcp.dtos.map((d) => Buffer.from(d).readDoubleLE(13));
    expect(xcp.dtos.every((d) => d[0] === 0 && d.length === 1 + 4 + 16)).toBe(true);
    for (let i = 1; i < 5; i++) { expect(stamps[i]).toBeGreaterThanOrEqual(stamps[i - 1]); expect(cyclesSeen[i]).toBe(cyclesSeen[i - 1] + 1); }
    expect(await xcp.cmd(0xdd, 0)).toEqual([0xff]);
    await cycles(2);
    await new Promise((res) => setTimeout(res, 50));
    expect(xcp.dtos.length).toBe(5);
  });
  it('DISCONNECT, then commands are refused again', async () => {
    expect(await xcp.cmd(0xfe)).toEqual([0xff]);
    expect(await xcp.cmd(0xfd)).toEqual([0xfe, 0x29]);
  });
  it('malformed XCP datagrams are counted, the slave keeps answering', async () => {
    xcp.sendRaw(Uint8Array.from([0x00, 0x00, 0x00]));
    xcp.sendRaw(Uint8Array.from([0xff, 0xff, 0, 0, 1]));
    expect(await xcp.cmd(0xff, 0)).toEqual([0xff, 0x05, 0x80, 252, 0x00, 0x04, 0x01, 0x01]);
    await xcp.cmd(0xfe);
  });
});

describe('XCP on TCP (same port)', () => {
  it('CONNECT, SHORT_UPLOAD of the EPK region, DISCONNECT', async () => {
    const tcp = await XcpMaster.tcpConnect(XCP_PORT);
    try {
      expect(await tcp.cmd(0xff, 0x00)).toEqual([0xff, 0x05, 0x80, 252, 0x00, 0x04, 0x01, 0x01]);
      const up = await tcp.cmd(0xf4, 7, 0, 0, ...le32(0x10000));
      expect(Buffer.from(up.slice(1)).toString('ascii')).toBe('HPA-ECU');
      expect(await tcp.cmd(0xfe)).toEqual([0xff]);
    } finally { tcp.close(); }
  });
});

