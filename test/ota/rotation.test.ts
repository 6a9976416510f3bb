// Key rotation end to end, through the CLI (TUF §5.3.4): the release (targets) key and the root
// key are replaced by root v2, signed by a threshold of the v1 root keys AND of the v2 root keys.
// After the update the retired release key is refused, the new one installs, and the release
// already installed under v1 keeps running.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readAudit } from '../../host/ota/device/audit.js';
import { expectInstallRefused, expectRefusal } from './attack-helpers.js';
import { hpa, makeFixture, must, pack, provision, type OtaFixture } from './fixture.js';

let f: OtaFixture;
let dir: string;
const SHORT = ['--uptime-s', '2', '--trial-s', '1'];

beforeAll(async () => {
  f = await makeFixture();
  dir = await provision(f, join(f.tmp, 'vehicle'));
});

describe('rotating the release key through a new root', () => {
  it('v1 → v2 → release under the new key; the retired key is refused; the installed release keeps running', async () => {
    // 1. Under root v1: the recall #2 signed by the v1 release key installs.
    await must(hpa(['ota', 'install', f.good, '--dir', dir, '--json', ...SHORT]));

    // 2. New release key and new root key; root v2 drafted from v1.
    const next = (n: string) => join(f.tmp, n);
    await must(hpa(['ota', 'keygen', '--out', next('targets-v2')]));
    await must(hpa(['ota', 'keygen', '--out', next('root-v2')]));
    const v2 = next('root-v2.json');
    await must(hpa(['ota', 'root-next', '--from', f.root, '--targets', next('targets-v2.pub'), '--root', next('root-v2.pub'), '--out', v2]));

    // 3. Signed by the old root key only: not enough (the new root's own threshold is missing).
    await must(hpa(['ota', 'root-sign', v2, '--key', join(f.keys, 'root.key')]));
    const early = await hpa(['ota', 'root-update', v2, '--dir', dir]);
    expectRefusal(early, 'bad-root');
    expect(early.stderr).toContain('by its own keys');

    // 4. Counter-signed by the new root key: the vehicle moves to v2.
    await must(hpa(['ota', 'root-sign', v2, '--key', next('root-v2.key')]));
    const up = await must(hpa(['ota', 'root-update', v2, '--dir', dir, '--json']));
    expect(up.json).toMatchObject({ ok: true, from: 1, to: 2 });
    expect(JSON.parse(readFileSync(join(dir, 'root.json'), 'utf8')).signed.version).toBe(2);
    expect(readAudit(join(dir, 'audit.jsonl')).at(-1)).toMatchObject({ action: 'root-update', result: 'ok' });

    // 5. The release installed under v1 keeps running: boot and status are unaffected.
    const boot = await must(hpa(['ota', 'boot', '--dir', dir, '--json']));
    expect(boot.json).toMatchObject({ ok: true, runningVersion: '1.1.0', state: { confirmedVersion: '1.1.0', antiRollbackCounter: 2 } });

    // 6. A package signed with the retired release key is refused by name.
    const retired = next('retired-key-3.hpa');
    await must(pack(f, f.fw110, retired, { counter: 3 }));
    const r = await expectInstallRefused(dir, retired, 'unknown-key');
    expect(r.stderr).toContain('release metadata (targets)');

    // 7. A package signed with the new release key installs and raises the counter.
    const fresh = next('new-key-3.hpa');
    await must(pack(f, f.fw110, fresh, { counter: 3, key: next('targets-v2.key') }));
    const ok = await must(hpa(['ota', 'install', fresh, '--dir', dir, '--json', ...SHORT]));
    expect(ok.json).toMatchObject({ ok: true, runningVersion: '1.1.0', state: { antiRollbackCounter: 3 } });

    // 8. An old release stays installable on a car still on it: a second car (1.0.0) takes root v2; the
    //    recall #2 as first signed (retired key) is refused, the same release re-signed by the new key installs.
    const second = await provision(f, join(f.tmp, 'second-car'));
    await must(hpa(['ota', 'root-update', v2, '--dir', second]));
    await expectInstallRefused(second, f.good, 'unknown-key');
    const resigned = next('recall-2-resigned.hpa');
    await must(pack(f, f.fw110, resigned, { counter: 2, key: next('targets-v2.key') }));
    const old = await must(hpa(['ota', 'install', resigned, '--dir', second, '--json', ...SHORT]));
    expect(old.json).toMatchObject({ ok: true, runningVersion: '1.1.0', state: { antiRollbackCounter: 2 } });

    // 9. The retired root key alone can no longer sign a root v3.
    const v3 = next('root-v3.json');
    await must(hpa(['ota', 'root-next', '--from', v2, '--out', v3]));
    await must(hpa(['ota', 'root-sign', v3, '--key', join(f.keys, 'root.key')]));
    expectRefusal(await hpa(['ota', 'root-update', v3, '--dir', dir]), 'bad-root');
  });

  it('a root raising the release threshold to 2 of 2: one release signature ⇒ threshold; two ⇒ installs', async () => {
    const car = await provision(f, join(f.tmp, 'two-man'));
    const t2 = join(f.tmp, 'targets-second');
    await must(hpa(['ota', 'keygen', '--out', t2]));
    const v2 = join(f.tmp, 'root-2of2.json');
    await must(hpa(['ota', 'root-next', '--from', f.root, '--targets', `${join(f.keys, 'targets.pub')},${t2}.pub`, '--targets-threshold', '2', '--out', v2]));
    await must(hpa(['ota', 'root-sign', v2, '--key', join(f.keys, 'root.key')]));
    await must(hpa(['ota', 'root-update', v2, '--dir', car]));
    const r = await expectInstallRefused(car, f.good, 'threshold');
    expect(r.stderr).toContain('carries 1 valid targets signature(s); the root requires 2');
    const both = join(f.tmp, 'two-signatures.hpa');
    await must(pack(f, f.fw110, both, { counter: 2, key: `${f.key},${t2}.key` }));
    await must(hpa(['ota', 'install', both, '--dir', car, '--json', ...SHORT]));
  });
});
