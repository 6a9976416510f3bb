// What every attack test asserts: the named refusal (exit code, `hpa: refused (name)` on
// stderr, `{ ok: false, error: name }` in JSON), the device state byte-for-byte unchanged, and
// exactly one new audit record naming the attack.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { sha256Hex } from '../../host/ecu/firmware.js';
import { ATTACKS, type AttackName } from '../../host/ota/errors.js';
import { readAudit } from '../../host/ota/device/audit.js';
import { hpa, type CliResult } from './fixture.js';

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
