// The live swap in real time (host/ota/realtime-swap): the loop runs in a worker on wall-clock
// deadlines while a release is verified, compiled and burnt in by another worker. Behaviour, not
// timing thresholds: a loaded 2-core VM may preempt any cycle, so overruns are only counted. The
// prep thread runs at nice 19, so on a loaded runner it may take seconds to be ready: every run
// leaves it over 10 s, so the order of events (arrival, ready, shadow, swap, fault) holds under load.
// The loops wait with Atomics.wait (no spinning), so the runs cost little CPU and run side by side.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { FaultKind } from '../../tools/build-faulty.js';
import { sha256Hex } from '../../host/ecu/firmware.js';
import { craft } from './craft.js';
import { faultyBuild } from './faulty.js';
import { runRealtimeSwap } from '../../host/ota/swap/realtime-swap.js';
import { hpa, makeFixture, must, write, type OtaFixture } from './fixture.js';

const RUN_S = 14; // every run; the package arrives 0.5 s in
const FAULT_AT_CYCLE = 30_000; // the builds of rollback.test.ts (built once per test run)
const UPTIME_CYCLES = FAULT_AT_CYCLE - 1200; // above the 20,000 burn-in steps, so a latent fault survives burn-in
// The fault fires 12 s into the 100 Hz run: 11 s for the preparation and the 0.3 s shadow window;
// the trial (13 s) then covers the fault wherever the swap lands before it.
const FAULTY_RUN = { hz: 100, seconds: RUN_S, atS: 0.5, shadowCycles: 30, trialCycles: 1300, strategy: 'atomics' } as const;
const KINDS: [FaultKind, string][] = [['trap', 'trap'], ['nan', 'non-finite-output'], ['decel', 'limit-breach']];

let f: OtaFixture;
let tampered: string;
const faulty = {} as Record<FaultKind, string>;

/** A 1.2.0 with a latent fault, signed with the trusted keys; its evidence (re-signed by the gate) passed. */
function signFaulty(kind: FaultKind, wasm: string): string {
  const image = new Uint8Array(readFileSync(wasm));
  return craft(f, `faulty-${kind}`, { image, release: { version: '1.2.0', releaseCounter: 3, category: 'non-technical', references: {} }, evidence: (r) => ({ ...r, firmwareSha256: sha256Hex(image) }) });
}

beforeAll(async () => {
  f = await makeFixture();
  const bytes = Buffer.from(readFileSync(f.good));
  bytes[bytes.length - 10] ^= 0xff; // one image byte
  tampered = write(join(f.tmp, 'tampered.hpa'), bytes);
  for (const [kind] of KINDS) faulty[kind] = signFaulty(kind, await faultyBuild(join(f.tmp, 'faulty'), kind, FAULT_AT_CYCLE));
}, 240_000);

describe.concurrent('live swap in real time (prep worker + loop worker)', () => {
  it('hpa ota live at 1 kHz: a genuine release is prepared off the loop, swapped in and confirmed', async () => {
    // atomics: the same 1 kHz deadlines without holding a core for the whole run (spin is the bench's).
    const r = await must(hpa(['ota', 'live', f.good, '--hz', '1000', '--seconds', String(RUN_S), '--at', '0.5', '--trial-cycles', '1000', '--strategy', 'atomics', '--root', f.root, '--allow-live-activation', '--dir', join(f.tmp, 'rt-dev'), '--json']));
    const j = r.json;
    expect(j).toMatchObject({ outcome: 'confirmed', versionAtStart: '1.0.0', versionAtEnd: '1.1.0', cycles: RUN_S * 1000, fallbackCycles: 0 });
    expect(j.events.map((e: { type: string }) => e.type)).toEqual(['swap', 'confirm']);
    expect(j.events[0]).toMatchObject({ cycle: j.swapCycle, version: '1.1.0' });
    // Preparation off the loop: the module came from the prep worker, burnt in there, and the
    // loop thread compiled no Wasm after its clock started.
    expect(j.prep).toMatchObject({ kind: 'ready', burnInSteps: 20_000, release: { version: '1.1.0', releaseCounter: 2 } });
    expect(j.prep.prepThreadId).not.toBe(j.loopThreadId);
    expect(j.compilesInLoop).toBe(0);
    // Order of events: arrival, module ready, shadow window, swap; each class of cycles counted.
    expect(j.arrivalCycle).toBeLessThanOrEqual(j.readyCycle);
    expect(j.swapCycle).toBeGreaterThan(j.readyCycle);
    expect(j.shadow.n).toBeGreaterThan(0);
    expect(j.steady.n + j.preparing.n + j.shadow.n + j.trial.n + 1).toBe(j.cycles);
    expect(j.swapCycleUs).toBeGreaterThan(0);
    expect(Number.isInteger(j.overruns) && j.overruns >= 0).toBe(true);
  });

  it('a tampered package is refused by name in the prep worker; the loop keeps running 1.0.0', async () => {
    const r = await runRealtimeSwap({ packagePath: tampered, trustConfig: f.trust, allowLiveActivation: true, dir: join(f.tmp, 'rt-none'), hz: 100, seconds: RUN_S, atS: 0.5, strategy: 'atomics' });
    expect(r).toMatchObject({ outcome: 'refused', refusal: 'hash-mismatch', versionAtStart: '1.0.0', versionAtEnd: '1.0.0', cycles: RUN_S * 100, swapCycle: null, fallbackCycles: 0 });
    expect(r.events).toEqual([]);
    expect(r.prep).toMatchObject({ kind: 'refused', attack: 'hash-mismatch' });
    expect(r.steady.n + r.preparing.n).toBe(RUN_S * 100);
  });

  it.each(KINDS)('a release with a latent fault (%s) is rolled back as %s within the cycle it fires in, never confirmed', async (kind, fault) => {
    const r = await runRealtimeSwap({
      packagePath: faulty[kind], trustConfig: f.trust, allowLiveActivation: true, dir: join(f.tmp, 'rt-none'), startFirmware: '1.1.0',
      uptimeCycles: UPTIME_CYCLES, ...FAULTY_RUN,
    });
    // Burn-in (20,000 steps from power-on) and the shadow window ran before the fault's uptime.
    expect(r.prep).toMatchObject({ kind: 'ready', release: { version: '1.2.0' } });
    expect(r.swapCycle).toBeLessThan(FAULT_AT_CYCLE - 1);
    expect(r).toMatchObject({ outcome: 'rolled-back', versionAtEnd: '1.1.0', fallbackCycles: 1 });
    expect(r.events.map((e) => e.type)).toEqual(['swap', 'rollback']);
    // The first faulty cycle (the firmware counts cycles from 1) was served by 1.1.0.
    expect(r.events[1]).toMatchObject({ cycle: FAULT_AT_CYCLE - 1, fault, version: '1.1.0' });
  });
});
