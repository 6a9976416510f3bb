// Attacks on the audit log (issue 8, "audit log"), through the CLI. The log's head hash and
// record count are anchored in the secure store, and the device key that signs it lives there
// too: deleting the last lines, truncating or deleting the file, or breaking the last line is
// an integrity failure — `status` and `boot` exit 31 and name it, `install` refuses — until
// `hpa ota recover --audit` archives the broken log and starts a new chain (one record).
import { existsSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { appendAudit, checkAudit, readAudit } from '../../host/ota/device/audit.js';
import { FileSecureStore, securePartitionFor } from '../../host/ota/device/secure-store.js';
import { SlotStore, type OtaState } from '../../host/ota/device/slots.js';
import { cloneDevice, hpa, makeFixture, must, provision, SECURE_DIR, type OtaFixture } from './fixture.js';

let f: OtaFixture;
let installed: string;
const SHORT = ['--uptime-s', '5', '--trial-s', '2', '--watch-s', '2'];
const secure = (dir: string) => FileSecureStore.open(securePartitionFor(dir, SECURE_DIR));
const protectedState = (dir: string): OtaState => new SlotStore(dir, secure(dir)).read();

beforeAll(async () => {
  f = await makeFixture();
  installed = await provision(f, join(f.tmp, 'installed'));
  await must(hpa(['ota', 'install', f.good, '--dir', installed, '--json', ...SHORT]));
}, 120_000);

const log = (dir: string) => join(dir, 'audit.jsonl');
const lines = (dir: string) => readFileSync(log(dir), 'utf8').split('\n').filter(Boolean);

const TAMPERING: [string, (dir: string) => void, RegExp][] = [
  ['the last line deleted', (d) => writeFileSync(log(d), lines(d).slice(0, -1).join('\n') + '\n'), /records where the secure store anchored/],
  ['the last two lines deleted', (d) => writeFileSync(log(d), lines(d).slice(0, -2).join('\n') + '\n'), /records where the secure store anchored/],
  ['the whole file deleted', (d) => unlinkSync(log(d)), /0 records where the secure store anchored/],
  ['the file truncated to nothing', (d) => writeFileSync(log(d), ''), /0 records where the secure store anchored/],
  ['the last line broken', (d) => writeFileSync(log(d), readFileSync(log(d), 'utf8').replace(/}\n$/, '')), /records where the secure store anchored/],
  ['a field of a record edited', (d) => writeFileSync(log(d), readFileSync(log(d), 'utf8').replace('"result":"ok"', '"result":"refused"')), /not signed by this device/],
];

describe.concurrent('anchored audit log', () => {
  it.each(TAMPERING.map(([name], i) => [name, i] as const))('%s ⇒ status and boot exit 31, install refused, state untouched', async (_name, i) => {
    const [, tamper, why] = TAMPERING[i];
    const dir = join(f.tmp, `tamper-${i}`);
    cloneDevice(installed, dir);
    const before = protectedState(dir);
    tamper(dir);
    const text = existsSync(log(dir)) ? readFileSync(log(dir), 'utf8') : null;

    const status = await hpa(['ota', 'status', '--dir', dir, '--json']);
    expect(status.code, status.stderr).toBe(31);
    expect(status.stderr).toMatch(/^hpa: audit-broken: audit log .*audit\.jsonl/m);
    expect(status.stderr).toMatch(why);
    expect(status.stderr).toContain('hpa ota recover --audit');
    expect(status.json).toMatchObject({ ok: false, audit: { intact: false } });
    const boot = await hpa(['ota', 'boot', '--dir', dir, '--json', ...SHORT]);
    expect(boot.code, boot.stderr).toBe(31);
    const install = await hpa(['ota', 'install', f.good, '--dir', dir, '--json', ...SHORT]);
    expect(install.code, install.stderr).toBe(31);
    expect(install.json).toMatchObject({ ok: false, error: 'audit-broken' });
    expect(protectedState(dir)).toEqual(before);
    expect(existsSync(log(dir)) ? readFileSync(log(dir), 'utf8') : null).toBe(text); // nothing appended to a broken chain

    // The recovery path: archive the broken log, start a new anchored chain with one record.
    const rec = await must(hpa(['ota', 'recover', '--audit', '--dir', dir, '--json']));
    expect(rec.json).toMatchObject({ ok: true });
    expect(readdirSync(dir).some((n) => n.startsWith('audit.broken-'))).toBe(text !== null); // a deleted log leaves nothing to archive
    const fresh = readAudit(log(dir));
    expect(fresh).toHaveLength(1);
    expect(fresh[0]).toMatchObject({ action: 'integrity', result: 'restored' });
    expect(fresh[0].detail).toMatch(why);
    expect((await hpa(['ota', 'status', '--dir', dir, '--json'])).code).toBe(0);
    expect(protectedState(dir)).toEqual(before);
  });

  it('the device signing key is not in the state directory', () => {
    const names = readdirSync(installed);
    expect(names.some((n) => n.endsWith('.pem') || n.endsWith('.key'))).toBe(false);
    expect(existsSync(join(securePartitionFor(installed, SECURE_DIR), 'device-key.pem'))).toBe(true);
  });

  it('a record with an undefined field verifies (canonicalised before signing): no false alarm', async () => {
    const dir = join(f.tmp, 'undefined-field');
    cloneDevice(installed, dir);
    appendAudit(log(dir), secure(dir), { action: 'verify', result: 'ok', hardwareId: 'XMA7000MBEVR2', runningVersion: '1.1.0', version: undefined, detail: undefined });
    expect(checkAudit(log(dir), secure(dir))).toMatchObject({ intact: true });
    expect((await hpa(['ota', 'status', '--dir', dir, '--json'])).code).toBe(0);
  });
});
