// Mender's test pattern (domain.md §5): SIGKILL the updater at every state of install,
// activation, trial and confirm, inside a root rotation, and at random moments — then start
// again. The state on disk must always be bootable (active slot intact, a trial only ever on a
// fully written slot, the anti-rollback counter raised only with a confirmation, the trusted
// root either the old or the new one and its mirror completed at start) and the next start must
// run the last confirmed version or resume the trial, never a half-written one. The protected
// store is part of every round: its sealed state, metadata floors, root, counter and audit
// anchor are written by the same atomic writes the `write-*` kill points cut (the n-th write of
// an install or a root update is one of those records), so kills land inside them too.
//
// The children are the updater alone (host/cli/ota-updater.ts: the same `hpa ota` commands,
// without the full CLI's start-up), with a 2 s drive and 1 s trial: the kill points are the same.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkAudit, readAudit } from '../../host/ota/device/audit.js';
import { readFreshness } from '../../host/ota/device/freshness.js';
import { KILL_POINTS, ROOT_KILL_POINTS } from '../../host/ota/device/kill-points.js';
import { ROOT_RECORD, SlotStore, type OtaState } from '../../host/ota/device/slots.js';
import { FileSecureStore, securePartitionFor } from '../../host/ota/device/secure-store.js';
import { loadTrustedRoot, rootFileText } from '../../host/ota/release/trusted-root.js';
import { cloneDevice, hpa, makeFixture, must, provision, SECURE_DIR, UPDATER, type OtaFixture } from './fixture.js';

const ROUNDS = 100;
const PARALLEL = 4;
const SHORT_TRIAL = ['--uptime-s', '2', '--trial-s', '1', '--watch-s', '1'];
const updater = (args: string[], opts: Parameters<typeof hpa>[1] = {}) => hpa(args, { ...opts, entry: UPDATER });

const INSTALL_POINTS = [...KILL_POINTS, 'random'];
/** The n-th atomic write of a root update: 1 the sealed root, 2 the metadata floors, 3 the audit anchor, 4 the mirror. */
const ROOT_POINTS = [...ROOT_KILL_POINTS, 'write-torn', 'write-before-rename'];

let f: OtaFixture;
let template: string;
let rootV2: string;

beforeAll(async () => {
  f = await makeFixture();
  template = await provision(f, join(f.tmp, 'template'));
  const key = join(f.tmp, 'root-v2');
  await must(hpa(['ota', 'keygen', '--out', key]));
  rootV2 = join(f.tmp, 'root-v2.json');
  await must(hpa(['ota', 'root-next', '--from', f.root, '--root', `${key}.pub`, '--out', rootV2]));
  await must(hpa(['ota', 'root-sign', rootV2, '--key', `${join(f.keys, 'root.key')},${key}.key`]));
}, 180_000);

const openDevice = (dir: string) => {
  const secure = FileSecureStore.open(securePartitionFor(dir, SECURE_DIR));
  return { secure, store: new SlotStore(dir, secure) };
};

/** What must hold after any kill, read straight from disk. */
function checkConsistent(dir: string, booted = false): OtaState {
  const { secure, store } = openDevice(dir);
  const state = store.peek()!; // the protected copy: only ever replaced whole, and sealed
  expect(state.format).toBe(1);
  expect(store.readSlot(state, state.active), 'active slot intact').not.toBeNull();
  expect(state.slots[state.active]!.version).toBe(state.confirmedVersion);
  if (state.trial) expect(store.readSlot(state, state.trial), 'a trial only on a fully written slot').not.toBeNull();
  expect(state.antiRollbackCounter).toBe(state.confirmedVersion === '1.1.0' ? 2 : 0);
  // The monotonic counter follows the sealed state; a kill between the two leaves it behind until the next start.
  if (booted) expect(secure.counter()).toBe(state.antiRollbackCounter);
  else expect([0, state.antiRollbackCounter]).toContain(secure.counter());
  expect(checkAudit(store.auditPath, secure), 'audit chain').toMatchObject({ intact: true });
  // The sealed root is always a whole root, v1 or v2; the accepted version never runs ahead of it.
  const root = loadTrustedRoot(secure.readRecord(ROOT_RECORD)).root.version;
  expect([1, 2]).toContain(root);
  expect(readFreshness(secure).rootVersion).toBeLessThanOrEqual(root);
  if (booted) expect(readFileSync(store.rootPath, 'utf8'), 'root.json mirrors the sealed root').toBe(rootFileText(loadTrustedRoot(secure.readRecord(ROOT_RECORD))));
  return state;
}

interface Plan { kind: 'install' | 'root'; point: string; nth: number; killBoot: boolean; randomMs: number | null }

/** Two rounds in three kill an install, the third a root rotation; each cycles through its points (write points through their n-th write). */
function plan(round: number): Plan {
  const root = round % 3 === 2;
  const i = root ? Math.floor(round / 3) : round - Math.floor((round + 1) / 3);
  const points = root ? ROOT_POINTS : INSTALL_POINTS;
  const point = points[i % points.length];
  const nth = point.startsWith('write') ? 1 + (Math.floor(i / points.length) % 4) : 1;
  return { kind: root ? 'root' : 'install', point, nth, killBoot: !root && i % 5 === 3, randomMs: point === 'random' ? 150 + ((round * 97) % 400) : null };
}

interface RoundResult { killed: boolean; final: string; rootVersion: number }

async function installRound(p: Plan, dir: string): Promise<RoundResult> {
  const install = await updater(['ota', 'install', f.good, '--dir', dir, '--json', ...SHORT_TRIAL],
    p.randomMs !== null ? { killAfterMs: p.randomMs } : { env: { HPA_OTA_KILL_AT: `${p.point}:${p.nth}` } });
  const killed = install.signal === 'SIGKILL';
  // 7 = the trial rolled back: only acceptable for a host so loaded that two steps in a row ran late.
  if (!killed) expect([0, 7], install.stderr).toContain(install.code);
  const before = checkConsistent(dir);
  if (p.killBoot && before.trial) {
    // Killed again while resuming the trial: still consistent, and the attempt was counted.
    const boot = await updater(['ota', 'boot', '--dir', dir, '--json', ...SHORT_TRIAL], { env: { HPA_OTA_KILL_AT: 'trial-running' } });
    expect(boot.signal).toBe('SIGKILL');
    expect(checkConsistent(dir).attempts).toBe(before.attempts + 1);
  }
  const boot = await must(updater(['ota', 'boot', '--dir', dir, '--json', ...SHORT_TRIAL]));
  const after = checkConsistent(dir, true);
  expect(after.trial).toBeNull();
  // A trial that had begun is resumed and confirmed; otherwise the last confirmed version runs.
  const why = JSON.stringify(after) + (existsSync(join(dir, 'audit.jsonl')) ? readFileSync(join(dir, 'audit.jsonl'), 'utf8').slice(-600) : '');
  const rolledBack = readAudit(join(dir, 'audit.jsonl')).filter((l) => l.action === 'trial' && l.result === 'rolled-back');
  for (const l of rolledBack) expect(l.detail, 'the genuine release only ever fails a trial by host overload').toMatch(/^deadline-overrun/);
  if ((before.trial || before.confirmedVersion === '1.1.0') && rolledBack.length === 0) expect(boot.json.runningVersion, why).toBe('1.1.0');
  else if (!before.trial && before.confirmedVersion !== '1.1.0') expect(boot.json.runningVersion).toBe('1.0.0');
  expect(boot.json.runningVersion).toBe(after.confirmedVersion);
  return { killed, final: boot.json.runningVersion, rootVersion: 1 };
}

async function rootRound(p: Plan, dir: string): Promise<RoundResult> {
  const update = await updater(['ota', 'root-update', rootV2, '--dir', dir, '--json'], { env: { HPA_OTA_KILL_AT: `${p.point}:${p.nth}` } });
  expect(update.signal, `${p.point}:${p.nth} ${update.stderr}`).toBe('SIGKILL');
  checkConsistent(dir);
  const sealed = () => loadTrustedRoot(openDevice(dir).secure.readRecord(ROOT_RECORD)).root.version;
  // Before the commit point the vehicle keeps root v1; from it on, v2.
  const committed = !(p.point === 'root-verified' || (p.point.startsWith('write') && p.nth === 1));
  expect(sealed()).toBe(committed ? 2 : 1);
  // The next start completes an interrupted mirror write (no false tampering alarm) and keeps the log whole.
  const boot = await must(updater(['ota', 'boot', '--dir', dir, '--json']));
  expect(boot.json).toMatchObject({ ok: true, runningVersion: '1.0.0' });
  checkConsistent(dir, true);
  const log = readAudit(join(dir, 'audit.jsonl'));
  if (committed) expect(log.some((l) => l.action === 'root-update' && l.result === 'ok') || log.some((l) => l.detail?.includes('completed the update to root v2'))).toBe(true);
  // Rotation then either finishes (from v1) or is already done (v2 again is a replay).
  const again = await updater(['ota', 'root-update', rootV2, '--dir', dir, '--json']);
  expect(again.code, again.stderr).toBe(committed ? 17 : 0);
  expect(sealed()).toBe(2);
  // The accepted root version is raised just after the commit point: a kill in between leaves it at 1, never above the root.
  expect(committed ? [1, 2] : [2]).toContain(readFreshness(openDevice(dir).secure).rootVersion);
  return { killed: true, final: boot.json.runningVersion, rootVersion: sealed() };
}

async function round(i: number): Promise<RoundResult> {
  const p = plan(i);
  const dir = join(f.tmp, `round-${i}`);
  cloneDevice(template, dir);
  const r = p.kind === 'root' ? await rootRound(p, dir) : await installRound(p, dir);
  expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  expect(existsSync(join(dir, 'state.json'))).toBe(true);
  return r;
}

describe('SIGKILL at every state of an update and of a root rotation', () => {
  it(`${ROUNDS} of ${ROUNDS} rounds come back consistent`, async () => {
    const results: RoundResult[] = [];
    for (let start = 0; start < ROUNDS; start += PARALLEL) {
      results.push(...await Promise.all(Array.from({ length: Math.min(PARALLEL, ROUNDS - start) }, (_, k) => round(start + k))));
    }
    expect(results).toHaveLength(ROUNDS);
    // Every named state was actually hit by a kill, and every write of a root update.
    const killedAt = (kind: Plan['kind']) => new Set(results.map((r, i) => (r.killed && plan(i).kind === kind ? `${plan(i).point}` : null)).filter(Boolean));
    for (const point of KILL_POINTS) expect(killedAt('install'), `killed at ${point}`).toContain(point);
    for (const point of ROOT_POINTS) expect(killedAt('root'), `root update killed at ${point}`).toContain(point);
    const rootWrites = new Set(results.map((_, i) => plan(i)).filter((p) => p.kind === 'root' && p.point.startsWith('write')).map((p) => p.nth));
    expect(rootWrites).toEqual(new Set([1, 2, 3, 4]));
    // Both outcomes occur: kills before activation keep 1.0.0, later ones resume to 1.1.0; every rotation ends at v2.
    expect(new Set(results.filter((_, i) => plan(i).kind === 'install').map((r) => r.final))).toEqual(new Set(['1.0.0', '1.1.0']));
    expect(results.filter((_, i) => plan(i).kind === 'root').every((r) => r.rootVersion === 2)).toBe(true);
  }, 1_200_000); // 100 rounds of real processes on a shared 2-core machine
});
