// One updater at a time (issue 8, "no lock"): two real processes install into one state
// directory; the second is refused by name (`locked`, exit 30) while the first holds the lock,
// and changes nothing. A lock left by an updater that was killed (its pid is gone) is stale:
// the next updater takes it over and says so in the audit log. The same lock guards every
// state-changing command: provision and root-update (root rotation) included.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readAudit } from '../../host/ota/device/audit.js';
import { LOCK_FILE } from '../../host/ota/device/lock.js';
import { FileSecureStore, securePartitionFor } from '../../host/ota/device/secure-store.js';
import { SlotStore, type OtaState } from '../../host/ota/device/slots.js';
import { hpa, makeFixture, must, provision, SECURE_DIR, type OtaFixture } from './fixture.js';

let f: OtaFixture;
const SHORT = ['--uptime-s', '5', '--trial-s', '2', '--watch-s', '2'];
const protectedState = (dir: string): OtaState => new SlotStore(dir, FileSecureStore.open(securePartitionFor(dir, SECURE_DIR))).read();
const audit = (dir: string) => readAudit(join(dir, 'audit.jsonl'));

beforeAll(async () => { f = await makeFixture(); }, 120_000);

/** Resolves once `test` is true, checking whenever the file system may have changed (no timed assert). */
async function until(test: () => boolean): Promise<void> {
  while (!test()) await new Promise((r) => setTimeout(r, 20));
}

describe('updater lock', () => {
  it('a second install while the first holds the lock ⇒ refused as `locked` (exit 30), nothing changed', async () => {
    const dir = join(f.tmp, 'concurrent');
    await provision(f, dir);
    const go = join(f.tmp, 'go');
    // The first updater stops right after verifying, holding the lock, until the test lets it go.
    const first = hpa(['ota', 'install', f.good, '--dir', dir, '--json', ...SHORT], { env: { HPA_OTA_HOLD_AT: `verified:${go}` } });
    const lockPath = join(dir, LOCK_FILE);
    await until(() => existsSync(join(f.tmp, 'go.waiting')));
    const owner = JSON.parse(readFileSync(lockPath, 'utf8'));
    const before = protectedState(dir);
    const records = audit(dir).length;

    const second = await hpa(['ota', 'install', f.good, '--dir', dir, '--json', ...SHORT]);
    expect(second.code, second.stderr).toBe(30);
    expect(second.json).toMatchObject({ ok: false, error: 'locked' });
    expect(second.stderr).toMatch(new RegExp(`^hpa: locked: another updater \\(pid ${owner.pid}, since .*\\) holds .*${LOCK_FILE.replace('.', '\\.')}`, 'm'));
    expect(protectedState(dir)).toEqual(before);
    expect(audit(dir)).toHaveLength(records); // the refused updater may not write the log the owner is writing
    expect((await hpa(['ota', 'status', '--dir', dir, '--json'])).code).toBe(30); // every command takes the lock

    writeFileSync(go, '');
    const done = await first;
    expect(done.code, done.stderr).toBe(0);
    expect(done.json).toMatchObject({ ok: true, runningVersion: '1.1.0' });
    expect(existsSync(lockPath)).toBe(false);
    expect((await must(hpa(['ota', 'status', '--dir', dir, '--json']))).json).toMatchObject({ ok: true, state: { confirmedVersion: '1.1.0', antiRollbackCounter: 2 } });
  }, 120_000);

  it('a lock left by a killed updater (pid gone) is taken over, once, and audited', async () => {
    const dir = join(f.tmp, 'stale');
    await provision(f, dir);
    const dead = spawn(process.execPath, ['-e', '0']);
    const pid = await new Promise<number>((resolve) => dead.on('exit', () => resolve(dead.pid!)));
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid, startTime: '1', nonce: 'dead', acquiredAt: '2026-01-01T00:00:00.000Z' }));
    const records = audit(dir).length;
    const r = await must(hpa(['ota', 'install', f.good, '--dir', dir, '--json', ...SHORT]));
    expect(r.json).toMatchObject({ ok: true, runningVersion: '1.1.0' });
    const added = audit(dir).slice(records);
    expect(added[0]).toMatchObject({ action: 'recover', result: 'ok' });
    expect(added[0].detail).toContain(`stale updater lock of pid ${pid}`);
    expect(added.filter((l) => l.detail?.includes('stale updater lock'))).toHaveLength(1);
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  }, 120_000);
});

/** Root v2 (a new root key), signed by the v1 root key and its own: a valid rotation. */
async function rootV2(name: string): Promise<string> {
  const key = join(f.tmp, `${name}-root`);
  await must(hpa(['ota', 'keygen', '--out', key]));
  const v2 = join(f.tmp, `${name}-root-v2.json`);
  await must(hpa(['ota', 'root-next', '--from', f.root, '--root', `${key}.pub`, '--out', v2]));
  await must(hpa(['ota', 'root-sign', v2, '--key', `${join(f.keys, 'root.key')},${key}.key`]));
  return v2;
}

const expectLocked = (r: Awaited<ReturnType<typeof hpa>>) => {
  expect(r.code, r.stderr).toBe(30);
  expect(r.stderr).toMatch(/^hpa: locked: another updater \(pid \d+, since .*\) holds /);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
};

describe('provision and root rotation take the same lock', () => {
  it('a provisioning in progress: a second provision and a root-update ⇒ locked (30); the first completes', async () => {
    const dir = join(f.tmp, 'provisioning');
    const go = join(f.tmp, 'go-provision');
    const first = hpa(['ota', 'provision', '--root', f.root, '--dir', dir], { env: { HPA_OTA_HOLD_AT: `provision-checked:${go}` } });
    await until(() => existsSync(`${go}.waiting`));
    expectLocked(await hpa(['ota', 'provision', '--root', f.root, '--dir', dir]));
    expectLocked(await hpa(['ota', 'root-update', await rootV2('during-provision'), '--dir', dir]));
    writeFileSync(go, '');
    expect((await first).code).toBe(0);
    expect(audit(dir).map((l) => l.action)).toEqual(['provision']);
  }, 120_000);

  it('a root update in progress: install, a second root-update and provision ⇒ locked (30); the root moves once', async () => {
    const dir = join(f.tmp, 'rotating');
    await provision(f, dir);
    const v2 = await rootV2('rotating');
    const go = join(f.tmp, 'go-rotate');
    const first = hpa(['ota', 'root-update', v2, '--dir', dir, '--json'], { env: { HPA_OTA_HOLD_AT: `root-verified:${go}` } });
    await until(() => existsSync(`${go}.waiting`));
    const before = protectedState(dir);
    const records = audit(dir).length;
    expectLocked(await hpa(['ota', 'root-update', v2, '--dir', dir]));
    expectLocked(await hpa(['ota', 'install', f.good, '--dir', dir, ...SHORT]));
    expectLocked(await hpa(['ota', 'provision', '--root', f.root, '--dir', dir]));
    expect(protectedState(dir)).toEqual(before);
    expect(audit(dir)).toHaveLength(records);
    writeFileSync(go, '');
    const done = await first;
    expect(done.json, done.stderr).toMatchObject({ ok: true, from: 1, to: 2 });
    expect(audit(dir).slice(records).map((l) => `${l.action} ${l.result}`)).toEqual(['root-update ok']);
    expect(JSON.parse(readFileSync(join(dir, 'root.json'), 'utf8')).signed.version).toBe(2);
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  }, 120_000);

  it('a root-update finding a stale lock takes it over and audits it', async () => {
    const dir = join(f.tmp, 'stale-root');
    await provision(f, dir);
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: 2 ** 22 + 7, startTime: '1', nonce: 'dead', acquiredAt: '2026-01-01T00:00:00.000Z' }));
    await must(hpa(['ota', 'root-update', await rootV2('stale'), '--dir', dir]));
    expect(audit(dir).slice(-2).map((l) => `${l.action} ${l.result}`)).toEqual(['recover ok', 'root-update ok']);
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  }, 120_000);
});
