// Mender's test pattern (domain.md §5): SIGKILL the updater at every state of install,
// activation, trial and confirm — and at random moments — then start again. The state on disk
// must always be bootable (active slot intact, a trial only ever on a fully written slot, the
// anti-rollback counter raised only with a confirmation) and the next start must run the last
// confirmed version or resume the trial, never a half-written one. The protected store is part
// of every round: its sealed state, counter and audit anchor are written by the same atomic
// writes the kill points cut, so kills land inside them too.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkAudit, readAudit } from '../../host/ota/device/audit.js';
import { KILL_POINTS } from '../../host/ota/device/kill-points.js';
import { SlotStore, type OtaState } from '../../host/ota/device/slots.js';
import { FileSecureStore, securePartitionFor } from '../../host/ota/device/secure-store.js';
import { cloneDevice, hpa, makeFixture, must, provision, SECURE_DIR, type OtaFixture } from './fixture.js';

const ROUNDS = 100;
const PARALLEL = 4;
/** Cheap rounds: a 5 s drive before the swap and a 2 s trial window (the kill points are the same). */
const SHORT_TRIAL = ['--uptime-s', '5', '--trial-s', '2', '--watch-s', '2'];

let f: OtaFixture;
let template: string;

beforeAll(async () => {
  f = await makeFixture();
  template = await provision(f, join(f.tmp, 'template'));
});

/** What must hold after any kill, read straight from disk. */
function checkConsistent(dir: string, booted = false): OtaState {
  const secure = FileSecureStore.open(securePartitionFor(dir, SECURE_DIR));
  const store = new SlotStore(dir, secure);
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
  return state;
}

interface Plan { point: string; nth: number; killBoot: boolean; randomMs: number | null }

function plan(round: number): Plan {
  const points = [...KILL_POINTS, 'random'];
  const point = points[round % points.length];
  const nth = point.startsWith('write') ? 1 + (Math.floor(round / points.length) % 4) : 1;
  return { point, nth, killBoot: round % 5 === 3, randomMs: point === 'random' ? 300 + ((round * 97) % 500) : null };
}

async function round(i: number): Promise<{ killed: boolean; before: OtaState; final: string }> {
  const p = plan(i);
  const dir = join(f.tmp, `round-${i}`);
  cloneDevice(template, dir);
  const install = await hpa(['ota', 'install', f.good, '--dir', dir, '--json', ...SHORT_TRIAL],
    p.randomMs !== null ? { killAfterMs: p.randomMs } : { env: { HPA_OTA_KILL_AT: `${p.point}:${p.nth}` } });
  const killed = install.signal === 'SIGKILL';
  // 7 = the trial rolled back: only acceptable for a host so loaded that two steps in a row ran late.
  if (!killed) expect([0, 7], install.stderr).toContain(install.code);
  const before = checkConsistent(dir);
  if (p.killBoot && before.trial) {
    // Killed again while resuming the trial: still consistent, and the attempt was counted.
    const boot = await hpa(['ota', 'boot', '--dir', dir, '--json', ...SHORT_TRIAL], { env: { HPA_OTA_KILL_AT: 'trial-running' } });
    expect(boot.signal).toBe('SIGKILL');
    expect(checkConsistent(dir).attempts).toBe(before.attempts + 1);
  }
  const boot = await must(hpa(['ota', 'boot', '--dir', dir, '--json', ...SHORT_TRIAL]));
  const after = checkConsistent(dir, true);
  expect(after.trial).toBeNull();
  expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  // A trial that had begun is resumed and confirmed; otherwise the last confirmed version runs.
  const why = JSON.stringify(after) + (existsSync(join(dir, 'audit.jsonl')) ? readFileSync(join(dir, 'audit.jsonl'), 'utf8').slice(-600) : '');
  const rolledBack = readAudit(join(dir, 'audit.jsonl')).filter((l) => l.action === 'trial' && l.result === 'rolled-back');
  for (const l of rolledBack) expect(l.detail, 'the genuine release only ever fails a trial by host overload').toMatch(/^deadline-overrun/);
  if ((before.trial || before.confirmedVersion === '1.1.0') && rolledBack.length === 0) expect(boot.json.runningVersion, why).toBe('1.1.0');
  else if (!before.trial && before.confirmedVersion !== '1.1.0') expect(boot.json.runningVersion).toBe('1.0.0');
  expect(boot.json.runningVersion).toBe(after.confirmedVersion);
  expect(existsSync(join(dir, 'state.json'))).toBe(true);
  return { killed, before, final: boot.json.runningVersion };
}

describe('SIGKILL at every state of an update', () => {
  it(`${ROUNDS} of ${ROUNDS} rounds come back consistent`, async () => {
    const results: Awaited<ReturnType<typeof round>>[] = [];
    for (let start = 0; start < ROUNDS; start += PARALLEL) {
      results.push(...await Promise.all(Array.from({ length: Math.min(PARALLEL, ROUNDS - start) }, (_, k) => round(start + k))));
    }
    expect(results).toHaveLength(ROUNDS);
    // Every named state was actually hit by a kill.
    const killedAt = new Set(results.map((r, i) => (r.killed ? plan(i).point : null)).filter(Boolean));
    for (const point of KILL_POINTS) expect(killedAt, `killed at ${point}`).toContain(point);
    // Both outcomes occur: kills before activation keep 1.0.0, later ones resume to 1.1.0.
    expect(new Set(results.map((r) => r.final))).toEqual(new Set(['1.0.0', '1.1.0']));
  }, 1_200_000); // 100 rounds of real processes on a shared 2-core machine
});
