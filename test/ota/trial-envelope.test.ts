// The trial catches faults inside the declared output ranges (issue 8, "the trial misses
// in-range faults"): a build that ramps to +4 m/s² full throttle (inside the ABI's −10 … +4 and
// inside every jerk limit) into the car ahead, one whose command steps ±2 m/s² each cycle (beyond
// the 50 m/s³ brake actuator), and one that traps after the trial window are all rolled back and
// never raise the anti-rollback counter; in the shadow run a candidate more aggressive than the
// running version for longer than the calibrated time is rejected before the swap.
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { FaultKind } from '../../tools/build-faulty.js';
import { readAudit } from '../../host/ota/device/audit.js';
import { ENVELOPE } from '../../host/ota/swap/envelope.js';
import { faultyBuild } from './faulty.js';
import { hpa, makeFixture, must, pack, provision, type OtaFixture } from './fixture.js';

const FAULT_AT_CYCLE = 30_000; // 300 s of uptime: no library scenario reaches it, so the gate signs it
const UPTIME_S = FAULT_AT_CYCLE / 100 - 2;
const TRIAL_S = 10;
const LATE_AT_CYCLE = FAULT_AT_CYCLE + TRIAL_S * 100 + 500; // 5 s after the trial window closed

let f: OtaFixture;
const packages = {} as Record<FaultKind, string>;
const KINDS: [FaultKind, string][] = [['throttle', 'throttle-into-obstacle'], ['step', 'actuator-rate'], ['late-trap', 'trap']];

beforeAll(async () => {
  f = await makeFixture();
  await Promise.all(KINDS.map(async ([kind]) => {
    const wasm = await faultyBuild(join(f.tmp, `faulty-${kind}`), kind, kind === 'late-trap' ? LATE_AT_CYCLE : FAULT_AT_CYCLE);
    packages[kind] = join(f.tmp, `faulty-${kind}.hpa`);
    await must(pack(f, wasm, packages[kind], { counter: 3, category: 'non-technical' })); // the regression gate passes: the fault is latent
  }));
}, 300_000);

describe('trial envelope', () => {
  it('the envelope is the physical one the firmware itself plans with', () => {
    expect(ENVELOPE.brakeRateMps3).toBe(50); // assembly/index.ts HAZARD_JERK_MPS3 (warning-stage braking)
    expect(ENVELOPE.fcwHorizonS).toBe(5); // openpilot FCW horizon (domain.md §3)
    expect(ENVELOPE.throttleMps2).toBeLessThan(0.5);
  });

  it.concurrent.each(KINDS)('install: %s ⇒ rolled back (%s), counter not raised, 1.0.0 still confirmed', async (kind, fault) => {
    const dir = await provision(f, join(f.tmp, `install-${kind}`));
    const r = await hpa(['ota', 'install', packages[kind], '--dir', dir, '--uptime-s', String(UPTIME_S), '--trial-s', String(TRIAL_S), '--watch-s', '30', '--json']);
    expect(r.code, r.stderr).toBe(7);
    expect(r.json).toMatchObject({ ok: false, error: 'trial-failed', runningVersion: '1.0.0', trial: { passed: false, fault } });
    expect(r.json.state).toMatchObject({ active: 'a', trial: null, confirmedVersion: '1.0.0', antiRollbackCounter: 0 });
    const audit = readAudit(join(dir, 'audit.jsonl'));
    expect(audit.findLast((l) => l.action === 'trial')).toMatchObject({ action: 'trial', result: 'rolled-back', version: '1.2.0' });
    expect(audit.findLast((l) => l.action === 'trial')!.detail).toMatch(new RegExp(`^${fault}`));
    expect(audit.some((l) => l.action === 'confirm')).toBe(false);
  });

  it('live drive: a trap after confirmation rolls back to the previous version (it was kept warm)', async () => {
    const durationS = LATE_AT_CYCLE / 100 + 10;
    const r = await must(hpa(['ota', 'drive', '--firmware', '1.1.0', '--duration-s', String(durationS), '--ota', packages['late-trap'], '--ota-at', String(FAULT_AT_CYCLE / 100 - 4),
      '--root', f.root, '--allow-live-activation', '--dir', join(f.tmp, 'drive-late'), '--json']));
    expect(r.json).toMatchObject({ outcome: 'rolled-back', versionAtEnd: '1.1.0', confirms: 1, rollbacks: 1, badOutputCycles: 0, fallbackCycles: 1 });
    expect(r.json.events.find((e: { type: string }) => e.type === 'rollback')).toMatchObject({ cycle: LATE_AT_CYCLE - 1, fault: 'trap', version: '1.1.0' });
  });

  it('shadow: a candidate throttling where the running version does not is rejected before the swap', async () => {
    // The throttle fault begins inside the shadow window: the disagreement (or the envelope) rejects it unswapped.
    const r = await hpa(['ota', 'drive', '--firmware', '1.1.0', '--duration-s', String(FAULT_AT_CYCLE / 100 + 15), '--ota', packages.throttle, '--ota-at', String(FAULT_AT_CYCLE / 100 - 2),
      '--root', f.root, '--allow-live-activation', '--dir', join(f.tmp, 'drive-shadow'), '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json).toMatchObject({ outcome: 'rejected', versionAtEnd: '1.1.0', swaps: 0, badOutputCycles: 0 });
    expect(readFileSync(packages.throttle).length).toBeGreaterThan(0);
  });
});
