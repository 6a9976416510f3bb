// What every attack test asserts: the named refusal (exit code, `hpa: refused (name)` on
// stderr, `{ ok: false, error: name }` in JSON), the device state byte-for-byte unchanged, and
// exactly one new audit record naming the attack.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { sha256Hex } from '../../host/ecu/firmware.js';
import { ATTACKS, type AttackName } from '../../host/ota/errors.js';
import { readAudit } from '../../host/ota/device/audit.js';
import { FileSecureStore, securePartitionFor } from '../../host/ota/device/secure-store.js';
import { SlotStore, type OtaState } from '../../host/ota/device/slots.js';
import { cloneDevice, hpa, makeFixture, must, pack, provision, SECURE_DIR, type CliResult, type OtaFixture } from './fixture.js';

/** A 5 s drive, 2 s trial and 2 s watch: enough for the genuine release to confirm. */
export const SHORT = ['--uptime-s', '5', '--trial-s', '2', '--watch-s', '2'];
export const store = (dir: string) => new SlotStore(dir, FileSecureStore.open(securePartitionFor(dir, SECURE_DIR)));
/** The authoritative state, read from the secure store (the mirror checked). */
export const protectedState = (dir: string): OtaState => store(dir).read();
export const audit = (dir: string) => readAudit(join(dir, 'audit.jsonl'));

/** The fixture, a device that confirmed the recall release 1.1.0 #2, and 1.1.0 signed again with counter 1. */
export interface InstalledFixture { f: OtaFixture; installed: string; oldCounter: string }

export async function installedFixture(): Promise<InstalledFixture> {
  const f = await makeFixture();
  const installed = await provision(f, join(f.tmp, 'installed'));
  await must(hpa(['ota', 'install', f.good, '--dir', installed, '--json', ...SHORT]));
  const oldCounter = join(f.tmp, 'old-counter.hpa');
  await must(pack(f, f.fw110, oldCounter, { counter: 1 }));
  return { f, installed, oldCounter };
}

/** A copy of the installed device (state directory and secure store), with its state and audit length before the attack. */
export function cloneInstalled(fx: InstalledFixture, name: string): { dir: string; before: OtaState; records: number } {
  const dir = join(fx.f.tmp, name);
  cloneDevice(fx.installed, dir);
  return { dir, before: protectedState(dir), records: audit(dir).length };
}

const STATE_FILES = ['state.json', 'slot-a.wasm', 'slot-b.wasm', 'root.json'];
export const deviceFiles = (dir: string) => STATE_FILES.map((n) => { try { return sha256Hex(readFileSync(join(dir, n))); } catch { return null; } });

export function expectRefusal(r: CliResult, attack: AttackName): void {
  expect(r.code, r.stderr).toBe(ATTACKS[attack]);
  expect(r.stderr).toMatch(new RegExp(`^hpa: refused \\(${attack}\\): `));
  expect(r.stderr.trim().split('\n')).toHaveLength(1); // one line, no stack trace
}

/** Runs `hpa ota install <pkg> --dir <dir> --json` and asserts the refusal, the unchanged state and one audit record. */
export async function expectInstallRefused(dir: string, pkg: string, attack: AttackName, extra: string[] = [], opts: Parameters<typeof hpa>[1] = {}): Promise<CliResult> {
  const before = deviceFiles(dir);
  const audit = readAudit(join(dir, 'audit.jsonl')).length;
  const r = await hpa(['ota', 'install', pkg, '--dir', dir, '--json', ...extra], opts);
  expectRefusal(r, attack);
  expect(r.json).toMatchObject({ ok: false, error: attack });
  expect(deviceFiles(dir)).toEqual(before);
  const after = readAudit(join(dir, 'audit.jsonl'));
  expect(after).toHaveLength(audit + 1);
  expect(after.at(-1)).toMatchObject({ action: 'install', result: 'refused', attack });
  return r;
}
