// Attack class: the trust anchor (issue 8, item 2). The vehicle's only anchor is the root it was
// provisioned with; nothing but a root signed by a threshold of the old AND the new root keys
// (TUF §5.3.4) replaces it. `hpa ota trust` and `--trust` no longer exist.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readAudit } from '../../host/ota/device/audit.js';
import { deviceFiles, expectInstallRefused, expectRefusal } from './attack-helpers.js';
import { hpa, makeFixture, must, provision, type OtaFixture } from './fixture.js';

let f: OtaFixture;
let rogue: { key: string; pub: string };

beforeAll(async () => {
  f = await makeFixture();
  rogue = { key: f.rogueKey, pub: f.rogueKey.replace(/\.key$/, '.pub') };
});

/** root v2 drafted from the fixture's v1 with some roles replaced, signed by the given keys. */
async function draftRoot(name: string, replace: string[], signers: string[]): Promise<string> {
  const out = join(f.tmp, `${name}.json`);
  await must(hpa(['ota', 'root-next', '--from', f.root, '--out', out, ...replace]));
  if (signers.length) await must(hpa(['ota', 'root-sign', out, '--key', signers.join(',')]));
  return out;
}

async function expectRootUpdateRefused(dir: string, file: string, attack: 'bad-root' | 'rollback'): Promise<void> {
  const before = deviceFiles(dir);
  const n = readAudit(join(dir, 'audit.jsonl')).length;
  const r = await hpa(['ota', 'root-update', file, '--dir', dir, '--json']);
  expectRefusal(r, attack);
  expect(deviceFiles(dir)).toEqual(before);
  const audit = readAudit(join(dir, 'audit.jsonl'));
  expect(audit).toHaveLength(n + 1);
  expect(audit.at(-1)).toMatchObject({ action: 'root-update', result: 'refused', attack });
}

describe('trust anchor: only the provisioned root, only threshold-signed updates', () => {
  it('`hpa ota trust <pub>` is gone: nothing is added, the state is unchanged', async () => {
    const dir = await provision(f, join(f.tmp, 'no-trust-cmd'));
    const before = deviceFiles(dir);
    const r = await hpa(['ota', 'trust', rogue.pub, '--dir', dir]);
    expect(r.code).toBe(1);
    expect(deviceFiles(dir)).toEqual(before);
  });

  it('`--trust attacker.json` is not an option of install: refused before anything runs', async () => {
    const dir = await provision(f, join(f.tmp, 'no-trust-opt'));
    const before = deviceFiles(dir);
    const r = await hpa(['ota', 'install', f.good, '--dir', dir, '--trust', join(f.tmp, 'attacker.json')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("unknown option '--trust'");
    expect(deviceFiles(dir)).toEqual(before);
  });

  it('a root update signed only by the attacker\'s keys ⇒ bad-root, root unchanged, audited', async () => {
    const dir = await provision(f, join(f.tmp, 'rogue-root'));
    const evil = await draftRoot('evil-root', ['--root', rogue.pub, '--targets', rogue.pub], [rogue.key]);
    await expectRootUpdateRefused(dir, evil, 'bad-root');
  });

  it('a root update signed by the old root key but not by the new one ⇒ bad-root (both thresholds, TUF §5.3.4)', async () => {
    const dir = await provision(f, join(f.tmp, 'half-signed'));
    const half = await draftRoot('half-root', ['--root', rogue.pub], [join(f.keys, 'root.key')]);
    await expectRootUpdateRefused(dir, half, 'bad-root');
  });

  it('replaying the provisioned root v1 as an update ⇒ rollback', async () => {
    const dir = await provision(f, join(f.tmp, 'replay-root'));
    await expectRootUpdateRefused(dir, f.root, 'rollback');
  });

  it('a stored root that keeps the OEM targets key id but carries the attacker\'s key ⇒ never used: the sealed root is restored', async () => {
    const dir = await provision(f, join(f.tmp, 'swapped-key'));
    const path = join(dir, 'root.json');
    const original = readFileSync(path, 'utf8');
    const env = JSON.parse(original);
    const id = env.signed.roles.targets.keyids[0];
    env.signed.keys[id].public = readFileSync(rogue.pub, 'utf8');
    writeFileSync(path, JSON.stringify(env));
    // The verifier alone refuses such a root (its key id is not the hash of the key it lists) …
    const { loadTrustedRoot } = await import('../../host/ota/release/trusted-root.js');
    expect(() => loadTrustedRoot(path)).toThrow(/is not the SHA-256 of the public key it lists/);
    // … and the device never reads it: root.json is only the mirror of the root sealed in its secure store.
    const rogueSigned = join(f.tmp, 'rogue-signed.hpa');
    const { craft } = await import('./craft.js');
    craft(f, 'rogue-signed', { targetsKey: rogue.key });
    const r = await hpa(['ota', 'install', rogueSigned, '--dir', dir, '--json']);
    expect(r.code, r.stderr).toBe(32);
    expect(r.stderr).toMatch(/state-tampered: .*root\.json differs from the protected copy of the trusted root: restored/);
    expect(readFileSync(path, 'utf8')).toBe(original);
  });

  it('a vehicle with no provisioned root installs nothing (no default anchor)', async () => {
    const r = await hpa(['ota', 'install', f.good, '--dir', join(f.tmp, 'unprovisioned'), '--json']);
    expect(r.code).toBe(2);
    expect(r.json).toMatchObject({ ok: false, error: 'not-provisioned' });
    expect(r.stderr).toMatch(/^hpa: no trusted root at .*: provision the vehicle first/);
  });

  it('provisioning refuses a root below its own threshold', async () => {
    const two = join(f.tmp, 'keys-2of2');
    await must(hpa(['ota', 'init-root', '--out', two, '--root-keys', '2', '--root-threshold', '2']));
    const env = JSON.parse(readFileSync(join(two, 'root.json'), 'utf8'));
    env.signatures = env.signatures.slice(0, 1);
    writeFileSync(join(two, 'root-1sig.json'), JSON.stringify(env));
    const r = await hpa(['ota', 'provision', '--root', join(two, 'root-1sig.json'), '--dir', join(f.tmp, 'never')]);
    expectRefusal(r, 'bad-root');
    expect(r.stderr).toContain('the root requires 2');
  });
});
