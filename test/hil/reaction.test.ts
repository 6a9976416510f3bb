// The reaction chain through the served ECU (lockstep over UDP): while the E2E state machine is not
// usable the firmware gets the last frame again (counter unchanged), so a short lapse coasts and a long
// one raises a takeover request, then the minimal-risk manoeuvre; bad traffic is counted, never a crash.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODES } from '../../abi/signals.js';
import { IN, OUT } from '../../host/ecu/abi-views.js';
import { SmState } from '../../host/hil/e2e/state-machine.js';
import { P04Status } from '../../host/hil/e2e/p04.js';
import { encodeInputFrame } from '../../host/hil/frame-codec.js';
import { INPUT_FRAME, MAX_DATAGRAM_BYTES } from '../../host/hil/frame-layout.js';
import { startHilServer, type HilServer } from '../../host/hil/server.js';
import { Random } from '../../host/sim/random.js';
import { cruiseFrame, RawRig } from './udp-harness.js';

const PORT = 41102;
let server: HilServer;
let rig: RawRig;
const frame = cruiseFrame();
let counter = 0;

/** Sends the next frame (counter +1), optionally with one bit flipped; returns the ECU's answer. */
async function next(corrupt = false) {
  frame[IN.frameCounter] = counter;
  frame[IN.engageRequest] = counter >= 5 && counter < 10 ? 1 : 0;
  const bytes = encodeInputFrame(frame, counter);
  counter = (counter + 1) & 0xffff;
  if (corrupt) bytes[100] ^= 0x10;
  return rig.cycle(bytes);
}

beforeAll(async () => {
  server = await startHilServer({ firmware: '1.1.0', bind: { host: '127.0.0.1', port: PORT }, mode: 'lockstep' });
  rig = new RawRig(PORT);
});
afterAll(async () => { await rig.close(); await server.close(); });

const active = MODES.indexOf('active');
const mrm = MODES.indexOf('mrm');

describe('E2E reaction through the server', () => {
  it('engages on clean frames: VALID after MinOkStateInit, every cycle fresh', async () => {
    let last;
    for (let i = 0; i < 300; i++) last = await next();
    expect(last!.meta.e2eState).toBe(SmState.VALID);
    expect(last!.outputs[OUT.mode]).toBe(active);
  });

  it('a short lapse (2 corrupted frames ≤ MaxErrorStateValid) coasts: still VALID, no fault, no takeover request', async () => {
    const staleBefore = server.counters().cyclesStale;
    for (let i = 0; i < 2; i++) {
      const r = await next(true);
      expect(r.meta.e2eStatus).toBe(P04Status.ERROR);
      expect(r.meta.e2eState).toBe(SmState.VALID);
    }
    expect(server.counters().cyclesStale - staleBefore).toBe(2);
    // The firmware saw its counter frozen for 2 cycles: below its stale-frame time.
    for (let i = 0; i < 20; i++) {
      const r = await next();
      expect(r.meta.e2eStatus === P04Status.OK || r.meta.e2eStatus === P04Status.OKSOMELOST).toBe(true);
      expect(r.outputs[OUT.takeoverRequest]).toBe(0);
      expect(r.outputs[OUT.faultCode]).toBe(0);
      expect(r.outputs[OUT.mode]).toBe(active);
    }
  });

  it('a long lapse (corrupted frames for 12 s): INVALID, the re-presented frame goes stale → takeover request → MRM', async () => {
    let torAt = -1, mrmAt = -1;
    for (let i = 0; i < 1200; i++) {
      const r = await next(true);
      if (i >= 2) expect(r.meta.e2eState).toBe(SmState.INVALID);
      if (torAt < 0 && r.outputs[OUT.takeoverRequest] !== 0) torAt = i;
      if (mrmAt < 0 && r.outputs[OUT.mode] === mrm) mrmAt = i;
      expect(Number.isFinite(r.outputs[OUT.accelCmdMps2])).toBe(true);
    }
    expect(server.link.presentedCounter).toBe(321); // the last good frame, re-presented unchanged
    expect(torAt).toBeGreaterThan(0);
    expect(mrmAt).toBeGreaterThan(torAt);
  });

  it('recovers only after MinOkStateInvalid clean frames in a row', async () => {
    const states: number[] = [];
    for (let i = 0; i < 5; i++) states.push((await next()).meta.e2eState);
    // The first clean frame after the lapse is OKSOMELOST or WRONGSEQUENCE by its counter step; then OKs.
    expect(states.slice(-1)[0]).toBe(SmState.VALID);
    expect(states[0]).toBe(SmState.INVALID);
  });
});

describe('bad traffic on the rig port: counted by name, never a crash, the ECU keeps its cycle', () => {
  it('short, oversized, random-size random bytes, wrong data ID and truncated frames', async () => {
    const before = server.counters();
    const rng = new Random(42);
    const bytes = (n: number) => Uint8Array.from({ length: n }, () => Math.floor(rng.next() * 256));
    let expectedShort = 0, expectedOversized = 0;
    for (let i = 0; i < 300; i++) {
      let n = i % 3 === 0 ? Math.floor(rng.next() * 12) : i % 3 === 1 ? MAX_DATAGRAM_BYTES + 1 + Math.floor(rng.next() * 2000) : 12 + Math.floor(rng.next() * 400);
      if (n === INPUT_FRAME.bytes) n++; // frame-sized ones are bus slots, tested below
      if (n < 12) expectedShort++; else if (n > MAX_DATAGRAM_BYTES) expectedOversized++;
      const seen = server.counters().datagrams;
      rig.send(bytes(n));
      // One at a time: a burst would overflow the socket buffer (the kernel drops, nobody counts).
      for (let t = 0; server.counters().datagrams === seen && t < 2000; t++) await new Promise((r) => setTimeout(r, 1));
    }
    // A frame-sized datagram of random bytes is one bus slot with a failed check; a truncated frame is not.
    const fake = bytes(INPUT_FRAME.bytes);
    const r = await rig.cycle(fake);
    expect(r.meta.e2eStatus).toBe(P04Status.ERROR);
    const c = server.counters();
    expect(c.shortDatagrams - before.shortDatagrams).toBe(expectedShort);
    expect(c.oversizedDatagrams - before.oversizedDatagrams).toBe(expectedOversized);
    expect(c.handlerFaults).toBe(0);
    // 100 random-length frames + the random frame-sized one all ended in E2E ERROR, with a cause.
    expect(c.error - before.error).toBe(101);
    expect(c.corrupted + c.wrongLength + c.wrongDataId - (before.corrupted + before.wrongLength + before.wrongDataId)).toBe(101);
    expect(c.cycles - before.cycles).toBe(1); // only the frame-sized datagram ran a cycle
    // And the node still serves: clean frames bring it back.
    let last;
    for (let i = 0; i < 6; i++) last = await next();
    expect(last!.meta.e2eState).toBe(SmState.VALID);
  });
});
