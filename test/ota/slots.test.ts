// A/B slot life cycle through the CLI: a held trial boots the new slot until confirmed, an
// operator can abandon it, a trial that never survives its boots is given up, a confirmed
// version cannot be rolled back under the anti-rollback counter, and the regression gate
// refuses to sign a release that fails a safety scenario.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readAudit } from '../../host/ota/device/audit.js';
import { MAX_TRIAL_ATTEMPTS } from '../../host/ota/device/slots.js';
import { hpa, makeFixture, must, pack, provision, type OtaFixture } from './fixture.js';

let f: OtaFixture;
beforeAll(async () => { f = await makeFixture(); });
const SHORT = ['--uptime-s', '5', '--trial-s', '2'];

describe.concurrent('A/B slots', () => {
  it('a held trial boots the new slot; an operator rollback returns to the confirmed version', async () => {
    const dir = join(f.tmp, 'held');
    await provision(f, dir);
    const held = await must(hpa(['ota', 'install', f.good, '--dir', dir, '--hold-trial', '--json']));
    expect(held.json).toMatchObject({ runningVersion: '1.1.0', state: { trial: 'b', active: 'a', confirmedVersion: '1.0.0', antiRollbackCounter: 0 } });
    const back = await must(hpa(['ota', 'rollback', '--dir', dir, '--json']));
    expect(back.json).toMatchObject({ runningVersion: '1.0.0', state: { trial: null, active: 'a', antiRollbackCounter: 0 } });
    const again = await hpa(['ota', 'rollback', '--dir', dir, '--json']);
    expect(again.code).toBe(5);
    expect(again.json).toMatchObject({ ok: false, error: 'rollback-protected' });
  });

  it(`a trial killed in ${MAX_TRIAL_ATTEMPTS} boots in a row is given up at the next start`, async () => {
    const dir = join(f.tmp, 'crashing');
    await provision(f, dir);
    await must(hpa(['ota', 'install', f.good, '--dir', dir, '--hold-trial', '--json']));
    for (let i = 0; i < MAX_TRIAL_ATTEMPTS; i++) {
      const boot = await hpa(['ota', 'boot', '--dir', dir, ...SHORT], { env: { HPA_OTA_KILL_AT: 'trial-running' } });
      expect(boot.signal).toBe('SIGKILL');
    }
    const boot = await must(hpa(['ota', 'boot', '--dir', dir, '--json', ...SHORT]));
    expect(boot.json).toMatchObject({ runningVersion: '1.0.0', state: { trial: null, confirmedVersion: '1.0.0', antiRollbackCounter: 0 } });
    expect(readAudit(join(dir, 'audit.jsonl')).at(-1)).toMatchObject({ action: 'recover', result: 'rolled-back', version: '1.1.0' });
  });

  it('a confirmed version cannot be rolled back (anti-rollback counter)', async () => {
    const dir = join(f.tmp, 'confirmed');
    await provision(f, dir);
    await must(hpa(['ota', 'install', f.good, '--dir', dir, '--json', ...SHORT]));
    const r = await hpa(['ota', 'rollback', '--dir', dir, '--json']);
    expect(r.code).toBe(5);
    expect(r.json).toMatchObject({ ok: false, error: 'rollback-protected' });
    expect((await must(hpa(['ota', 'status', '--dir', dir, '--json']))).json).toMatchObject({ runningVersion: '1.1.0', state: { antiRollbackCounter: 2 } });
  });

  it('the regression gate refuses to pack 1.0.0: it fails the recall scenarios', async () => {
    const out = join(f.tmp, 'old.hpa');
    const r = await pack(f, f.fw100, out, { counter: 1 });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/regression gate failed: \d+ of \d+ scenarios — .*collision with/);
    expect(existsSync(out)).toBe(false);
  });
});
