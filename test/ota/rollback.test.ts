// Deliberately faulty builds (tools/build-faulty.ts: a trap, a NaN command, a −20 m/s² command)
// whose fault is latent — it fires once the ECU has been up for 300 s, so the regression
// library, burn-in and shadow run all pass and the release is certified and signed. The trial
// window must catch it in the very cycle it appears, serve that cycle from the previous
// version, roll back and never confirm. (A trap after the trial window: trial-envelope.test.ts.)
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { FaultKind } from '../../tools/build-faulty.js';
import { readAudit } from '../../host/ota/device/audit.js';
import { faultyBuild } from './faulty.js';
import { hpa, makeFixture, must, pack, provision, type OtaFixture } from './fixture.js';

const FAULT_AT_CYCLE = 30_000; // 300 s of uptime; the longest library scenario is far shorter
const FIRST_FAULTY_CYCLE = FAULT_AT_CYCLE - 1; // the firmware counts cycles from 1
const KINDS: [FaultKind, string][] = [['trap', 'trap'], ['nan', 'non-finite-output'], ['decel', 'limit-breach']];

let f: OtaFixture;
const packages = {} as Record<FaultKind, string>;

beforeAll(async () => {
  f = await makeFixture();
  const builds = join(f.tmp, 'faulty');
  const wasm = {} as Record<FaultKind, string>;
  for (const [k] of KINDS) wasm[k] = await faultyBuild(builds, k, FAULT_AT_CYCLE); // shared with realtime-swap.test.ts
  await Promise.all(KINDS.map(([k]) => k).map(async (k) => {
    packages[k] = join(f.tmp, `faulty-${k}.hpa`);
    // The regression gate runs for real and passes: the fault is latent.
    await must(pack(f, wasm[k], packages[k], { counter: 3, category: 'non-technical' }));
  }));
}, 240_000);

describe('trial window: a faulty release is rolled back within the cycle and never confirmed', () => {
  it.concurrent.each(KINDS)('install (offline trial): %s ⇒ %s, rolled back, 1.0.0 still confirmed', async (kind, fault) => {
    const dir = await provision(f, join(f.tmp, `install-${kind}`));
    const r = await hpa(['ota', 'install', packages[kind], '--dir', dir, '--uptime-s', String(FAULT_AT_CYCLE / 100 - 2), '--trial-s', '10', '--json']);
    expect(r.code, r.stderr).toBe(7);
    expect(r.json).toMatchObject({ ok: false, error: 'trial-failed', runningVersion: '1.0.0', trial: { passed: false, fault } });
    expect(r.json.state).toMatchObject({ active: 'a', trial: null, confirmedVersion: '1.0.0', antiRollbackCounter: 0 });
    const events = r.json.trial.events as { type: string; cycle: number; version: string }[];
    expect(events.find((e) => e.type === 'rollback')).toMatchObject({ cycle: FIRST_FAULTY_CYCLE, version: '1.0.0' });
    expect(events.some((e) => e.type === 'confirm')).toBe(false);
    const audit = readAudit(join(dir, 'audit.jsonl'));
    expect(audit.findLast((l) => l.action === 'trial')).toMatchObject({ action: 'trial', result: 'rolled-back', version: '1.2.0' });
    expect(audit.some((l) => l.action === 'confirm')).toBe(false);
  });

  it.concurrent.each(KINDS)('live swap during a drive: %s ⇒ %s, that cycle served by 1.1.0, no bad output', async (kind, fault) => {
    const r = await must(hpa(['ota', 'drive', '--firmware', '1.1.0', '--duration-s', String(FAULT_AT_CYCLE / 100 + 2), '--ota', packages[kind], '--ota-at', String(FAULT_AT_CYCLE / 100 - 4), '--root', f.root,
      '--allow-live-activation', '--dir', join(f.tmp, `drive-${kind}`), '--json']));
    expect(r.json).toMatchObject({ outcome: 'rolled-back', versionAtEnd: '1.1.0', swaps: 1, rollbacks: 1, confirms: 0, fallbackCycles: 1, badOutputCycles: 0 });
    expect(r.json.events.find((e: { type: string }) => e.type === 'rollback')).toMatchObject({ cycle: FIRST_FAULTY_CYCLE, fault, version: '1.1.0' });
  });
});
