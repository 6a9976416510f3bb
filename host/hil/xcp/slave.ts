// The XCP slave's protocol layer (transport-independent): one command packet (CTO) in, one response
// or error packet out; DAQ packets (DTO) after each ECU cycle. Little-endian (BYTE_ORDER_MSB_LAST),
// byte address granularity, no block mode, no seed & key.
import type { Ecu } from '../../ecu/ecu.js';
import { EPK_ADDRESS } from '../memory-map.js';
import { CalibrationMemory, type BoundaryApplication } from './cal-memory.js';
import { CHECKSUM_CRC_32, CMD, ERR, ID_TYPE, MAX_CTO, MAX_DTO, PID, RESOURCE } from './codes.js';
import { crc32 } from './crc32.js';
import { DaqTable } from './daq.js';

const EVENT_NAME = new TextEncoder().encode('cycle_10ms');
const ok = (...bytes: number[]) => Uint8Array.from([PID.RES, ...bytes]);
const err = (code: number) => Uint8Array.from([PID.ERR, code]);
const u16 = (n: number) => [n & 0xff, (n >>> 8) & 0xff];
const u32 = (n: number) => [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff];

export interface XcpCounters { commands: number; errors: number; ignored: number; writes: number; dtos: number }

export class XcpSlave {
  connected = false;
  private mta = 0;
  private xcpPage = 0;
  readonly cal: CalibrationMemory;
  readonly daq = new DaqTable();
  readonly counters: XcpCounters = { commands: 0, errors: 0, ignored: 0, writes: 0, dtos: 0 };
  private readonly t0 = process.hrtime.bigint();
  private readonly a2lName: Uint8Array;

  constructor(readonly ecu: Ecu) {
    this.cal = new CalibrationMemory(ecu);
    this.a2lName = new TextEncoder().encode(`hpa-${ecu.version}`);
    this.cal.idTexts.set(EPK_ADDRESS + 0x1000, this.a2lName);
    this.cal.idTexts.set(EPK_ADDRESS + 0x2000, EVENT_NAME);
  }

  /** One command packet → its response (positive or error). */
  command(cto: Uint8Array): Uint8Array {
    this.counters.commands++;
    const r = this.dispatch(cto);
    if (r[0] === PID.ERR) this.counters.errors++;
    return r;
  }

  private dispatch(c: Uint8Array): Uint8Array {
    if (c.length === 0) return err(ERR.CMD_SYNTAX);
    const v = new DataView(c.buffer, c.byteOffset, c.byteLength);
    const need = (n: number) => c.length >= n;
    if (c[0] === CMD.CONNECT) {
      if (!need(2)) return err(ERR.CMD_SYNTAX);
      if (c[1] !== 0) return err(ERR.MODE_NOT_VALID);
      this.connected = true;
      // RESOURCE: CAL/PAG and DAQ; COMM_MODE_BASIC: Intel byte order, byte granularity, OPTIONAL (GET_COMM_MODE_INFO).
      return ok(RESOURCE.CAL_PAG | RESOURCE.DAQ, 0x80, MAX_CTO, ...u16(MAX_DTO), 0x01, 0x01);
    }
    // The standard lets a disconnected slave stay silent; this one answers, so a master learns why.
    if (!this.connected) return err(ERR.SEQUENCE);
    switch (c[0]) {
      case CMD.DISCONNECT:
        this.daq.synch(0);
        this.connected = false;
        return ok();
      case CMD.GET_STATUS: {
        const session = this.daq.running ? 0x40 : 0; // DAQ_RUNNING; nothing is stored to non-volatile memory
        return ok(session, 0x00, 0x00, ...u16(0));
      }
      case CMD.SYNCH: return err(ERR.CMD_SYNCH);
      case CMD.GET_COMM_MODE_INFO: return ok(0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10);
      case CMD.GET_ID: {
        if (!need(2)) return err(ERR.CMD_SYNTAX);
        const id = c[1] === ID_TYPE.EPK || c[1] === ID_TYPE.ASCII ? this.cal.epk : c[1] === ID_TYPE.ASAM_MC2_NAME ? this.a2lName : null;
        if (!id) return err(ERR.OUT_OF_RANGE);
        if (c[1] === ID_TYPE.ASAM_MC2_NAME) { this.mta = EPK_ADDRESS + 0x1000; } else this.mta = EPK_ADDRESS;
        return ok(0x00, 0x00, 0x00, ...u32(id.length));
      }
      case CMD.SET_MTA:
        if (!need(8)) return err(ERR.CMD_SYNTAX);
        if (c[3] !== 0) return err(ERR.OUT_OF_RANGE);
        this.mta = v.getUint32(4, true);
        return ok();
      case CMD.UPLOAD: {
        if (!need(2)) return err(ERR.CMD_SYNTAX);
        return this.upload(this.mta, c[1], true);
      }
      case CMD.SHORT_UPLOAD:
        if (!need(8)) return err(ERR.CMD_SYNTAX);
        if (c[3] !== 0) return err(ERR.OUT_OF_RANGE);
        return this.upload(v.getUint32(4, true), c[1], true);
      case CMD.BUILD_CHECKSUM: {
        if (!need(8)) return err(ERR.CMD_SYNTAX);
        const size = v.getUint32(4, true);
        const data = this.cal.read(this.mta, size, this.xcpPage);
        if (typeof data === 'number') return err(ERR.ACCESS_DENIED);
        this.mta += size;
        return ok(CHECKSUM_CRC_32, 0x00, 0x00, ...u32(crc32(data)));
      }
      case CMD.DOWNLOAD: {
        if (!need(2) || c.length < 2 + c[1]) return err(ERR.CMD_SYNTAX);
        return this.download(this.mta, c.subarray(2, 2 + c[1]), true);
      }
      case CMD.SHORT_DOWNLOAD: {
        if (!need(8) || c.length < 8 + c[1]) return err(ERR.CMD_SYNTAX);
        if (c[3] !== 0) return err(ERR.OUT_OF_RANGE);
        return this.download(v.getUint32(4, true), c.subarray(8, 8 + c[1]), true);
      }
      case CMD.SET_CAL_PAGE: {
        if (!need(4)) return err(ERR.CMD_SYNTAX);
        const [mode, segment, page] = [c[1], c[2], c[3]];
        if (segment !== 0 && !(mode & 0x80)) return err(ERR.SEGMENT_NOT_VALID);
        if (page > 1) return err(ERR.PAGE_NOT_VALID);
        if (!(mode & 0x03)) return err(ERR.MODE_NOT_VALID);
        if (mode & 0x01) this.cal.selectEcuPage(page);
        if (mode & 0x02) this.xcpPage = page;
        return ok();
      }
      case CMD.GET_CAL_PAGE: {
        if (!need(3)) return err(ERR.CMD_SYNTAX);
        if (c[2] !== 0) return err(ERR.SEGMENT_NOT_VALID);
        if (c[1] === 0x01) return ok(0x00, 0x00, this.cal.ecuPage);
        if (c[1] === 0x02) return ok(0x00, 0x00, this.xcpPage);
        return err(ERR.MODE_NOT_VALID);
      }
      case CMD.COPY_CAL_PAGE: {
        if (!need(5)) return err(ERR.CMD_SYNTAX);
        if (c[1] !== 0 || c[3] !== 0) return err(ERR.SEGMENT_NOT_VALID);
        if (c[2] > 1 || c[4] > 1) return err(ERR.PAGE_NOT_VALID);
        if (c[4] === 1) return err(ERR.WRITE_PROTECTED);
        if (c[2] === 1) { this.cal.copyReferenceToWorking(); this.counters.writes++; }
        return ok();
      }
      case CMD.FREE_DAQ: return this.daqResult(this.daq.free());
      case CMD.ALLOC_DAQ: return need(4) ? this.daqResult(this.daq.alloc(v.getUint16(2, true))) : err(ERR.CMD_SYNTAX);
      case CMD.ALLOC_ODT: return need(5) ? this.daqResult(this.daq.allocOdt(v.getUint16(2, true), c[4])) : err(ERR.CMD_SYNTAX);
      case CMD.ALLOC_ODT_ENTRY: return need(6) ? this.daqResult(this.daq.allocEntries(v.getUint16(2, true), c[4], c[5])) : err(ERR.CMD_SYNTAX);
      case CMD.SET_DAQ_PTR: return need(6) ? this.daqResult(this.daq.setPtr(v.getUint16(2, true), c[4], c[5])) : err(ERR.CMD_SYNTAX);
      case CMD.WRITE_DAQ: return need(8) ? this.daqResult(this.daq.write(c[2], v.getUint32(4, true), MAX_DTO)) : err(ERR.CMD_SYNTAX);
      case CMD.SET_DAQ_LIST_MODE: return need(8) ? this.daqResult(this.daq.setMode(v.getUint16(2, true), c[1], v.getUint16(4, true), c[6])) : err(ERR.CMD_SYNTAX);
      case CMD.START_STOP_DAQ_LIST: {
        if (!need(4)) return err(ERR.CMD_SYNTAX);
        const [e, pid] = this.daq.startStop(v.getUint16(2, true), c[1]);
        return e ? err(e) : ok(pid);
      }
      case CMD.START_STOP_SYNCH: return need(2) ? this.daqResult(this.daq.synch(c[1])) : err(ERR.CMD_SYNTAX);
      case CMD.GET_DAQ_PROCESSOR_INFO:
        // DAQ_PROPERTIES: dynamic config (bit0), timestamp supported (bit4); MAX_DAQ 0 (dynamic), 1 event, MIN_DAQ 0, key byte 0.
        return ok(0x11, ...u16(0), ...u16(1), 0x00, 0x00);
      case CMD.GET_DAQ_RESOLUTION_INFO:
        // ODT entries of 1…8 bytes (DAQ), no STIM; timestamp: DWORD, fixed, unit 1 µs, 1 tick.
        return ok(1, 8, 1, 0, 0x04 | 0x08 | 0x30, ...u16(1));
      case CMD.GET_DAQ_EVENT_INFO: {
        if (!need(4)) return err(ERR.CMD_SYNTAX);
        if (v.getUint16(2, true) !== 0) return err(ERR.OUT_OF_RANGE);
        this.mta = EPK_ADDRESS + 0x2000; // the name is read with UPLOAD
        // DAQ event, up to 255 lists, name length, cycle 10 × unit 6 (1 ms), priority 0.
        return ok(0x04, 0xff, EVENT_NAME.length, 10, 6, 0);
      }
      default: return err(ERR.CMD_UNKNOWN);
    }
  }

  private daqResult(e: number): Uint8Array { return e ? err(e) : ok(); }

  private upload(address: number, n: number, advance: boolean): Uint8Array {
    if (n < 1 || n > MAX_CTO - 1) return err(ERR.OUT_OF_RANGE);
    const data = this.cal.read(address, n, this.xcpPage);
    if (typeof data === 'number') return err(data);
    if (advance) this.mta = address + n;
    return Uint8Array.from([PID.RES, ...data]);
  }

  private download(address: number, bytes: Uint8Array, advance: boolean): Uint8Array {
    if (bytes.length < 1) return err(ERR.OUT_OF_RANGE);
    const e = this.cal.write(address, bytes, this.xcpPage);
    if (e) return err(e);
    this.counters.writes++;
    if (advance) this.mta = address + bytes.length;
    return ok();
  }

  /** At the cycle boundary, before the cycle: queued writes land. */
  beforeCycle(): BoundaryApplication | null { return this.cal.applyAtBoundary(); }

  /** After the cycle: the DAQ samples of the 10 ms event. */
  afterCycle(): Uint8Array[] {
    const us = Number((process.hrtime.bigint() - this.t0) / 1000n);
    const dtos = this.daq.sample((a, n) => this.cal.read(a, n, 0), us);
    this.counters.dtos += dtos.length;
    return dtos;
  }
}
