// Attacks on the device state (issue 8, "unprotected state.json"), through the CLI. The state
// and the anti-rollback counter live in the secure store; state.json is only a sealed mirror.
// Deleting, corrupting or editing it — lowering the counter, a slot name that walks out of the
// state directory — is detected, named (exit 32), restored from the protected copy and audited
// once; the device never falls back to a factory reset. A damaged active slot falls back to the
// other verified slot (exit 34), and a state directory without its secure store is refused (33).
// The trusted root is sealed there too: a root.json swapped for an attacker's root is restored.
import { existsSync, mkdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { OtaState } from '../../host/ota/device/slots.js';
import { securePartitionFor } from '../../host/ota/device/secure-store.js';
import { audit, cloneInstalled, deviceFiles, installedFixture, protectedState, SHORT, store, type InstalledFixture } from './attack-helpers.js';
import { cloneDevice, hpa, must, SECURE_DIR, type OtaFixture } from './fixture.js';

let fx: InstalledFixture;
let f: OtaFixture;
let installed: string;
let oldCounter: string;

beforeAll(async () => {
  fx = await installedFixture();
  ({ f, installed, oldCounter } = fx);
}, 120_000);

const device = (name: string) => cloneInstalled(fx, name);

function expectRestored(dir: string, before: OtaState, records: number, why: RegExp): void {
  expect(protectedState(dir)).toEqual(before);
  const mirror = JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8'));
  expect(mirror).toMatchObject({ confirmedVersion: '1.1.0', antiRollbackCounter: 2, active: before.active });
  const added = audit(dir).slice(records);
  expect(added).toHaveLength(1);
  expect(added[0]).toMatchObject({ action: 'recover', result: 'restored' });
  expect(added[0].detail).toMatch(why);
}

describe.concurrent('protected device state', () => {
  it('state.json deleted ⇒ detected (exit 32), restored from the protected copy, not a factory reset', async () => {
    const { dir, before, records } = device('deleted');
    unlinkSync(join(dir, 'state.json'));
    const r = await hpa(['ota', 'status', '--dir', dir, '--json']);
    expect(r.code, r.stderr).toBe(32);
    expect(r.stderr).toMatch(/^hpa: state-tampered: .*state\.json is missing: restored from the protected copy/m);
    expect(r.json).toMatchObject({ ok: false, runningVersion: '1.1.0', state: { confirmedVersion: '1.1.0', antiRollbackCounter: 2 } });
    expectRestored(dir, before, records, /state\.json is missing/);
    const again = await hpa(['ota', 'status', '--dir', dir, '--json']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.json).toMatchObject({ ok: true, runningVersion: '1.1.0', audit: { intact: true } });
  });

  it('counter lowered in state.json ⇒ install refused (32), counter restored, the old release then refused as rollback', async () => {
    const { dir, before, records } = device('lowered');
    const path = join(dir, 'state.json');
    const edited = JSON.parse(readFileSync(path, 'utf8'));
    edited.antiRollbackCounter = 0;
    edited.slots[edited.active].releaseCounter = 0;
    writeFileSync(path, JSON.stringify(edited, null, 2));
    const r = await hpa(['ota', 'install', oldCounter, '--dir', dir, '--json', ...SHORT]);
    expect(r.code, r.stderr).toBe(32);
    expect(r.json).toMatchObject({ ok: false, error: 'state-tampered' });
    expect(r.stderr).toMatch(/state\.json does not match its seal/);
    expectRestored(dir, before, records, /does not match its seal/);
    const again = await hpa(['ota', 'install', oldCounter, '--dir', dir, '--json', ...SHORT]);
    expect(again.code, again.stderr).toBe(17);
    expect(protectedState(dir)).toEqual(before);
  });

  it('state.json not JSON ⇒ no crash: named (32), restored, every later command works', async () => {
    const { dir, before, records } = device('garbage');
    writeFileSync(join(dir, 'state.json'), '{"format": 1, "active": "a", ');
    const r = await hpa(['ota', 'boot', '--dir', dir, '--json', ...SHORT]);
    expect(r.code, r.stderr).toBe(32);
    expect(r.stderr).toMatch(/^hpa: state-tampered: .*is not JSON/m);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/); // no stack trace
    expectRestored(dir, before, records, /not JSON/);
    expect((await hpa(['ota', 'rollback', '--dir', dir, '--json'])).code).toBe(5); // rollback-protected, as before
  });

  it('a slot name that walks out of the state directory is never used: refused (32), state restored', async () => {
    const { dir, before, records } = device('traversal');
    const outside = join(f.tmp, 'outside');
    mkdirSync(outside, { recursive: true });
    writeFileSync(join(outside, 'evil.wasm'), readFileSync(f.fw100));
    const path = join(dir, 'state.json');
    const edited = JSON.parse(readFileSync(path, 'utf8'));
    edited.trial = 'a/../../outside/evil';
    edited.slots['a/../../outside/evil'] = { ...edited.slots.a, sha256: 'x' };
    writeFileSync(path, JSON.stringify(edited, null, 2));
    const r = await hpa(['ota', 'boot', '--dir', dir, '--json', ...SHORT]);
    expect(r.code, r.stderr).toBe(32);
    expect(r.json).toMatchObject({ ok: false, runningVersion: '1.1.0', state: { trial: null } });
    expectRestored(dir, before, records, /does not match its seal/);
    expect(() => store(dir).slotPath('a/../../outside/evil' as 'a')).toThrow(/slot name/);
  });

  it('a damaged active slot falls back to the other verified slot (exit 34), not exit 4 forever', async () => {
    const { dir, before, records } = device('damaged-active');
    expect(before.active).toBe('b');
    const slot = join(dir, 'slot-b.wasm');
    const bytes = readFileSync(slot);
    bytes[bytes.length >> 1] ^= 0xff;
    writeFileSync(slot, bytes);
    const r = await hpa(['ota', 'boot', '--dir', dir, '--json', ...SHORT]);
    expect(r.code, r.stderr).toBe(34);
    expect(r.stderr).toMatch(/^hpa: slot-fallback: active slot b .*does not match its recorded hash.*running the verified slot a \(1\.0\.0\)/m);
    expect(r.json).toMatchObject({ ok: false, runningVersion: '1.0.0', state: { active: 'a', antiRollbackCounter: 2 } });
    const added = audit(dir).slice(records);
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({ action: 'recover', result: 'rolled-back', version: '1.1.0' });
    expect((await hpa(['ota', 'boot', '--dir', dir, '--json', ...SHORT])).code).toBe(0);
    // The anti-rollback floor stays: the recall release (#2) installs again, the #1 copy does not.
    expect((await hpa(['ota', 'install', oldCounter, '--dir', dir, '--json', ...SHORT])).code).toBe(17);
    expect((await must(hpa(['ota', 'install', f.good, '--dir', dir, '--json', ...SHORT]))).json).toMatchObject({ runningVersion: '1.1.0' });
  });

  it('root.json replaced by an attacker\'s self-signed root ⇒ refused (32), the sealed root restored, one record', async () => {
    const { dir, before, records } = device('rogue-root');
    const original = readFileSync(join(dir, 'root.json'), 'utf8');
    const rogue = join(f.tmp, 'rogue-authority');
    await must(hpa(['ota', 'init-root', '--out', rogue]));
    writeFileSync(join(dir, 'root.json'), readFileSync(join(rogue, 'root.json')));
    const r = await hpa(['ota', 'install', f.good, '--dir', dir, '--json', ...SHORT]);
    expect(r.code, r.stderr).toBe(32);
    expect(r.stderr).toMatch(/^hpa: state-tampered: .*root\.json differs from the protected copy of the trusted root: restored/m);
    expect(readFileSync(join(dir, 'root.json'), 'utf8')).toBe(original);
    expect(protectedState(dir)).toEqual(before);
    const added = audit(dir).slice(records);
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({ action: 'recover', result: 'restored' });
    expect((await hpa(['ota', 'status', '--dir', dir, '--json'])).code).toBe(0);
  });

  it('a state directory whose secure store is gone is refused (33), never re-initialised', async () => {
    const dir = join(f.tmp, 'no-secure');
    cloneDevice(installed, dir);
    rmSync(securePartitionFor(dir, SECURE_DIR), { recursive: true, force: true });
    const before = readFileSync(join(dir, 'state.json'), 'utf8');
    const records = audit(dir).length;
    const r = await hpa(['ota', 'status', '--dir', dir, '--json']);
    expect(r.code, r.stderr).toBe(33);
    expect(r.json).toMatchObject({ ok: false, error: 'secure-store' });
    expect(r.stderr).toMatch(/^hpa: .*has a state\.json but no secure store/m);
    expect(readFileSync(join(dir, 'state.json'), 'utf8')).toBe(before);
    expect(audit(dir)).toHaveLength(records);
    expect(existsSync(securePartitionFor(dir, SECURE_DIR))).toBe(false);
  });

  it.each([
    ['the metadata floors lowered (to replay older metadata)', 'record-freshness.json', (v: any) => { v.timestamp.version = 1; v.snapshot.version = 1; }],
    ['the monotonic counter lowered', 'counter.json', () => 0],
    ['the sealed state edited', 'record-state.json', (v: any) => { v.value.antiRollbackCounter = 0; }],
  ])('%s in the secure store ⇒ secure-store (33), one line, nothing changed', async (_what, file, edit) => {
    const { dir, records } = device(`sealed-${file}`);
    const path = join(securePartitionFor(dir, SECURE_DIR), file);
    const sealed = JSON.parse(readFileSync(path, 'utf8'));
    const edited = edit(sealed.value);
    writeFileSync(path, JSON.stringify({ ...sealed, value: edited === undefined ? sealed.value : edited }));
    const files = deviceFiles(dir);
    const r = await hpa(['ota', 'install', oldCounter, '--dir', dir, '--json', ...SHORT]);
    expect(r.code, r.stderr).toBe(33);
    expect(r.json).toMatchObject({ ok: false, error: 'secure-store' });
    expect(r.stderr).toMatch(new RegExp(`^hpa: .*${file.replace('.', '\\.')}: seal broken\n$`));
    expect(deviceFiles(dir)).toEqual(files);
    expect(audit(dir)).toHaveLength(records); // nothing is written by a device whose store is broken
  });
});
