// Seeded faults against the ECU's receive side: each injected fault must show up as exactly the
// classification E2E Profile 4 gives it, with the firmware stepping every frame-sized datagram and
// never emitting a non-finite command. 10^6 frames through the whole receive path (codec, E2E check,
// state machine, reaction, firmware step, output frame) without sockets; a smaller run goes over UDP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IN, OUT } from '../../host/ecu/abi-views.js';
import { Ecu } from '../../host/ecu/ecu.js';
import { FaultInjector, type FaultCounts } from '../../host/hil/faults.js';
import { encodeInputFrame } from '../../host/hil/frame-codec.js';
import { RigLink } from '../../host/hil/link.js';
import type { LinkCounters } from '../../host/hil/link-counters.js';
import { rigCommand } from '../../host/hil/rig-command.js';
import { startHilServer, type HilServer } from '../../host/hil/server.js';
import { cruiseFrame } from './udp-harness.js';

/**
 * With faults isolated (≥ 3 clean frames between two) and MaxDeltaCounter ≥ 2, Profile 4 classifies:
 * drop k → k+1 OKSOMELOST (1 lost); repeat → REPEATED; corrupt k → ERROR, then k+1 OKSOMELOST;
 * reorder (k+1 before k) → k+1 OKSOMELOST, k WRONGSEQUENCE (late), k+2 OKSOMELOST.
 */
function expectClassification(c: LinkCounters, inj: FaultCounts, datagrams: number): void {
  expect(c.error).toBe(inj.corrupt);
  expect(c.corrupted).toBe(inj.corrupt);
  expect(c.repeated).toBe(inj.repeat);
  expect(c.wrongSequence).toBe(inj.reorder);
  expect(c.late).toBe(inj.reorder);
  expect(c.okSomeLost).toBe(inj.drop + inj.corrupt + 2 * inj.reorder);
  expect(c.lostFrames).toBe(c.okSomeLost);
  expect(c.ok + c.okSomeLost + c.repeated + c.wrongSequence + c.error).toBe(datagrams);
  expect(c.handlerFaults).toBe(0);
}

const FRAMES = 1_000_000;
const RATES = { drop: 0.01, repeat: 0.01, reorder: 0.01, corrupt: 0.01, seed: 2026 };

describe(`${FRAMES} frames with seeded drops, repeats, reordering and bit flips`, () => {
  it('every frame classified as its fault predicts; 0 crashes; finite commands throughout', () => {
    const ecu = Ecu.load('1.1.0');
    const link = new RigLink(ecu);
    const injector = new FaultInjector(RATES);
    const frame = cruiseFrame();
    let datagrams = 0, nonFinite = 0;
    for (let k = 0; k < FRAMES; k++) {
      frame[IN.frameCounter] = k & 0xffff;
      for (const o of injector.push(encodeInputFrame(frame, k & 0xffff))) {
        datagrams++;
        link.lockstep(o.bytes);
        if (!Number.isFinite(ecu.outputs[OUT.accelCmdMps2])) nonFinite++;
      }
    }
    const inj = injector.counts;
    // The seeded rates are about 1 % each (isolation thins them a little).
    for (const k of ['drop', 'repeat', 'reorder', 'corrupt'] as const) expect(inj[k]).toBeGreaterThan(FRAMES * 0.008);
    expectClassification(link.counters, inj, datagrams);
    expect(link.counters.cyclesFresh + link.counters.cyclesStale).toBe(datagrams);
    expect(nonFinite).toBe(0);
  }, 600_000);
});

describe('the same accounting over UDP with the simulator as rig', () => {
  const PORT = 41103;
  let server: HilServer;
  beforeAll(async () => { server = await startHilServer({ firmware: '1.1.0', bind: { host: '127.0.0.1', port: PORT }, mode: 'lockstep' }); });
  afterAll(async () => { await server.close(); });

  it('steady-following with 2 % of each fault: counts match, the drive completes', async () => {
    const r = await rigCommand('steady-following', { connect: { host: '127.0.0.1', port: PORT }, variant: '1.45', faults: { drop: 0.02, repeat: 0.02, reorder: 0.02, corrupt: 0.02, seed: 9 } });
    const inj = r.rig.injected;
    expect(inj.drop + inj.repeat + inj.reorder + inj.corrupt).toBeGreaterThan(50);
    const sent = inj.frames - inj.drop + inj.repeat;
    expectClassification(r.ecu, inj, sent);
    expect(r.rig.answers.missing).toBe(0);
    expect(r.results[0].cycles).toBe(inj.frames);
  });

  it('delayed frames (sent after a newer one) are classified late: WRONGSEQUENCE behind the last counter', async () => {
    const before = server.counters();
    const r = await rigCommand('steady-following', { connect: { host: '127.0.0.1', port: PORT }, variant: '1.25', faults: { delay: 0.02, delayMs: 0, seed: 4 } });
    const inj = r.rig.injected;
    expect(inj.delay).toBeGreaterThan(50);
    expect(r.ecu.late - before.late).toBe(inj.delay);
    expect(r.ecu.wrongSequence - before.wrongSequence).toBe(inj.delay);
    // The frame overtaking a delayed one skipped a counter, and so did the one after the late frame.
    expect(r.ecu.okSomeLost - before.okSomeLost).toBe(2 * inj.delay);
  });
});
