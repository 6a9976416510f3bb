// Uptane's attack list (domain.md §5) against `hpa ota install`: every bad package is refused
// with its own named error and exit code, the slots and the state file are byte-for-byte
// untouched, the running version is unchanged, and the refusal is in the audit log.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ATTACKS, type AttackName } from '../../host/ota/errors.js';
import { CHECK_ORDER } from '../../host/ota/release/verify.js';
import { bootSlot, SlotStore, type OtaState } from '../../host/ota/device/slots.js';
import { readAudit } from '../../host/ota/device/audit.js';
import { sha256Hex } from '../../host/ecu/firmware.js';
import { craft } from './craft.js';
import { FileSecureStore, securePartitionFor } from '../../host/ota/device/secure-store.js';
import { cloneDevice, hpa, makeFixture, must, pack, provision, SECURE_DIR, write, type OtaFixture } from './fixture.js';

let f: OtaFixture;
let template: string;

function mutate(name: string, change: (b: Buffer) => Buffer): string {
  return write(join(f.tmp, `${name}.hpa`), change(Buffer.from(readFileSync(f.good))));
}

interface Case { name: string; attack: AttackName; build: () => Promise<string> | string; preinstall?: boolean }

const EMPTY_MODULE = new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]);
const TWO_DAYS_AGO = () => new Date(Date.now() - 2 * 86_400_000);

const CASES: Case[] = [
  { name: 'not a package at all', attack: 'malformed', build: () => write(join(f.tmp, 'garbage.hpa'), Buffer.from('MZ this is not a release package')) },
  { name: 'file cut inside the metadata', attack: 'malformed', build: () => mutate('cut-header', (b) => b.subarray(0, 40)) },
  { name: 'signed by a key the vehicle does not trust', attack: 'unknown-key', build: () => craft(f, 'rogue', { targetsKey: f.rogueKey }) },
  { name: 'release signature altered after signing', attack: 'bad-signature', build: () => craft(f, 'edited', { after: (b) => { const s = b.targets.signatures[0]; s.sig = (s.sig[0] === '0' ? '1' : '0') + s.sig.slice(1); } }) },
  { name: 'release metadata edited after signing (mix-and-match with the snapshot)', attack: 'hash-mismatch', build: () => craft(f, 'edited-filing', { after: (b) => { b.targets.signed.release.references = { recallFiling: 'S2025M0150I' }; } }) },
  { name: 'stale metadata replayed (freeze: timestamp expired)', attack: 'freeze', build: async () => { const p = join(f.tmp, 'expired.hpa'); await must(pack(f, f.fw110, p, { now: TWO_DAYS_AGO().toISOString() })); return p; } },
  { name: 'image truncated', attack: 'truncated', build: () => mutate('short', (b) => b.subarray(0, b.length - 100)) },
  { name: 'image altered (one byte)', attack: 'hash-mismatch', build: () => mutate('flipped', (b) => { const c = Buffer.from(b); c[c.length - 10] ^= 0xff; return c; }) },
  { name: 'endless data after the signed length', attack: 'endless-data', build: () => mutate('endless', (b) => Buffer.concat([b, Buffer.alloc(1 << 20, 0x41)])) },
  { name: 'release counter below the installed one', attack: 'rollback', preinstall: true, build: async () => { const p = join(f.tmp, 'old-counter.hpa'); await must(pack(f, f.fw110, p, { counter: 1 })); return p; } },
  { name: 'older version with a high counter', attack: 'rollback', preinstall: true,
    build: () => craft(f, 'old-version', { release: { version: '1.0.0', releaseCounter: 9 }, image: readFileSync(f.fw100), evidence: (r) => ({ ...r, firmwareSha256: sha256Hex(readFileSync(f.fw100)) }) }) },
  { name: 'release for another model', attack: 'wrong-hardware', build: () => f.good150 },
  { name: 'metadata declares another ABI', attack: 'abi-mismatch', build: () => craft(f, 'abi99', { release: { abiVersion: 99 } }) },
  { name: 'image is not HPA firmware', attack: 'abi-mismatch', build: () => craft(f, 'empty-module', { image: EMPTY_MODULE, evidence: (r) => ({ ...r, firmwareSha256: sha256Hex(EMPTY_MODULE) }) }) },
  { name: 'evidence lists no results', attack: 'untested', build: () => craft(f, 'no-report', { evidence: (r) => ({ ...r, results: [], scenarios: 0 }) }) },
  { name: 'evidence of another image', attack: 'untested', build: () => craft(f, 'other-report', { evidence: (r) => ({ ...r, firmwareSha256: '0'.repeat(64) }) }) },
  { name: 'evidence of a failed run relabelled passed', attack: 'untested', build: () => craft(f, 'failed-report', { evidence: (r) => ({ ...r, passed: true, results: r.results.map((x, i) => (i === 0 ? { ...x, passed: false } : x)) }) }) },
  { name: 'several defects: the first check in the order names it', attack: 'freeze',
    build: () => craft(f, 'expired-and-foreign', { now: TWO_DAYS_AGO(), release: { hardwareIds: ['NOPE'] } }) },
];

beforeAll(async () => {
  f = await makeFixture();
  template = await provision(f, join(f.tmp, 'template'));
});

const readState = (dir: string): OtaState => new SlotStore(dir, FileSecureStore.open(securePartitionFor(dir, SECURE_DIR))).read();
const snapshotDir = (dir: string) => ['state.json', 'slot-a.wasm', 'slot-b.wasm'].map((n) => { try { return sha256Hex(readFileSync(join(dir, n))); } catch { return null; } });

describe.concurrent('OTA attack suite (Uptane checks, in a fixed order)', () => {
  it('checks run in the documented order', () => {
    expect(CHECK_ORDER.indexOf('unknown-key')).toBeLessThan(CHECK_ORDER.indexOf('bad-signature'));
    expect(CHECK_ORDER.indexOf('freeze')).toBeLessThan(CHECK_ORDER.indexOf('hash-mismatch'));
    expect(CHECK_ORDER.indexOf('rollback')).toBeLessThan(CHECK_ORDER.indexOf('wrong-hardware'));
    expect(CHECK_ORDER.indexOf('untested')).toBeLessThan(CHECK_ORDER.indexOf('abi-mismatch'));
    expect(CHECK_ORDER[0]).toBe('not-regular-file');
  });

  it.each(CASES.map((c, i) => [c.name, c.attack, i] as const))('%s ⇒ refused as %s, nothing changed', async (_name, attack, i) => {
    const c = CASES[i];
    const pkg = await c.build();
    const dir = join(f.tmp, `dir-${i}`);
    cloneDevice(template, dir);
    if (c.preinstall) await must(hpa(['ota', 'install', f.good, '--dir', dir, '--json']));
    const before = readState(dir);
    const files = snapshotDir(dir);

    // `verify` is the same check without the install; run it on a few to keep the suite short.
    const runs = [hpa(['ota', 'install', pkg, '--dir', dir, '--json'])];
    if (i % 4 === 0) runs.push(hpa(['ota', 'verify', pkg, '--dir', dir, '--json']));
    for (const r of await Promise.all(runs)) {
      expect(r.code, r.stderr).toBe(ATTACKS[attack]);
      expect(r.json).toMatchObject({ ok: false, error: attack });
      expect(r.stderr).toContain(`refused (${attack})`);
    }
    const after = readState(dir);
    expect(after).toEqual(before);
    expect(snapshotDir(dir)).toEqual(files);
    const running = before.slots[bootSlot(before)]!.version;
    expect(readAudit(join(dir, 'audit.jsonl')).at(-1)).toMatchObject({ action: 'install', result: 'refused', attack, runningVersion: running });
  });

  it('the good package passes every check and installs', async () => {
    const dir = join(f.tmp, 'dir-good');
    cloneDevice(template, dir);
    const r = await must(hpa(['ota', 'install', f.good, '--dir', dir, '--json']));
    expect(r.json).toMatchObject({ ok: true, runningVersion: '1.1.0', state: { confirmedVersion: '1.1.0', antiRollbackCounter: 2 } });
    // The audit log is the recall's completion evidence: signed by the ECU, hash-chained, anchored.
    const path = join(dir, 'audit.jsonl');
    // provision, install, driver told, activate, confirm, driver told
    expect((await must(hpa(['ota', 'status', '--dir', dir, '--json']))).json.audit).toEqual({ records: 6, intact: true, firstBad: -1, problem: null });
    writeFileSync(path, readFileSync(path, 'utf8').replace('"action":"install","result":"ok"', '"action":"install","result":"refused"'));
    const broken = await hpa(['ota', 'status', '--dir', dir, '--json']);
    expect(broken.code).toBe(31);
    expect(broken.json.audit).toMatchObject({ intact: false, firstBad: 1 });
  });
});
