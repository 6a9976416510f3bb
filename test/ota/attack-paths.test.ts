// The same rules on every path (issue 8, "anti-rollback only on install"): a device that
// confirmed the recall release 1.1.0 #2 refuses the same image signed with counter 1 on
// `hpa ota drive`, `hpa run --ota` and the real-time `hpa ota live` exactly as `install` does —
// named refusal and exit code, device state unchanged, one audit record on the device — because
// every path verifies with the device's anti-rollback floor (device/policy.ts). And the
// activation policy: without --allow-live-activation a verified release waits to be parked.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readAudit } from '../../host/ota/device/audit.js';
import { mayActivate } from '../../host/ota/device/policy.js';
import { FileSecureStore, securePartitionFor } from '../../host/ota/device/secure-store.js';
import { SlotStore, type OtaState } from '../../host/ota/device/slots.js';
import { cloneDevice, hpa, makeFixture, must, pack, provision, ROOT, SECURE_DIR, type OtaFixture } from './fixture.js';

let f: OtaFixture;
let installed: string;
let oldCounter: string;
const SHORT = ['--uptime-s', '5', '--trial-s', '2', '--watch-s', '2'];
const protectedState = (dir: string): OtaState => new SlotStore(dir, FileSecureStore.open(securePartitionFor(dir, SECURE_DIR))).read();
const audit = (dir: string) => readAudit(join(dir, 'audit.jsonl'));

beforeAll(async () => {
  f = await makeFixture();
  installed = await provision(f, join(f.tmp, 'installed'));
  await must(hpa(['ota', 'install', f.good, '--dir', installed, '--json', ...SHORT]));
  oldCounter = join(f.tmp, 'old-counter.hpa');
  await must(pack(f, f.fw110, oldCounter, { counter: 1 }));
}, 120_000);

function device(name: string): { dir: string; before: OtaState; records: number } {
  const dir = join(f.tmp, name);
  cloneDevice(installed, dir);
  return { dir, before: protectedState(dir), records: audit(dir).length };
}

function expectRefusedOnDevice(dir: string, before: OtaState, records: number): void {
  expect(protectedState(dir)).toEqual(before);
  const added = audit(dir).slice(records);
  expect(added).toHaveLength(1);
  expect(added[0]).toMatchObject({ action: 'live-swap', result: 'refused', attack: 'rollback', runningVersion: '1.1.0' });
}

describe.concurrent('one verifier and one anti-rollback floor on every path', () => {
  it('install refuses the counter-1 copy (the reference)', async () => {
    const { dir, before } = device('install');
    const r = await hpa(['ota', 'install', oldCounter, '--dir', dir, '--json', ...SHORT]);
    expect(r.code, r.stderr).toBe(17);
    expect(protectedState(dir)).toEqual(before);
  });

  it('hpa ota drive on the device ⇒ refused (rollback, exit 17), state unchanged, one audit record', async () => {
    const { dir, before, records } = device('drive');
    const r = await hpa(['ota', 'drive', '--firmware', '1.1.0', '--duration-s', '12', '--ota', oldCounter, '--ota-at', '2', '--dir', dir, '--root', f.root, '--allow-live-activation', '--json']);
    expect(r.code, r.stderr).toBe(17);
    expect(r.json).toMatchObject({ outcome: 'refused', refusal: 'rollback', versionAtEnd: '1.1.0', swaps: 0 });
    expectRefusedOnDevice(dir, before, records);
  });

  it('hpa run --ota on the device ⇒ refused (rollback), state unchanged, one audit record', async () => {
    const { dir, before, records } = device('run');
    const r = await hpa(['run', join(ROOT, 'scenarios', 'recall-accident-116kph.json'), '--firmware', '1.1.0', '--ota', oldCounter, '--ota-at', '2', '--dir', dir, '--root', f.root, '--allow-live-activation', '--json']);
    expect(r.stderr).toMatch(/OTA: refused \(rollback\): release 1\.1\.0 #1 is older than the installed 1\.1\.0 #2/);
    expectRefusedOnDevice(dir, before, records);
  });

  it('hpa ota live (real time) on the device ⇒ refused (rollback, exit 17), state unchanged, one audit record', async () => {
    const { dir, before, records } = device('live');
    const r = await hpa(['ota', 'live', oldCounter, '--firmware', '1.1.0', '--hz', '100', '--seconds', '2', '--at', '0.5', '--strategy', 'sleep-spin', '--uptime-cycles', '1000', '--dir', dir, '--root', f.root, '--allow-live-activation', '--json']);
    expect(r.code, r.stderr).toBe(17);
    expect(r.json).toMatchObject({ outcome: 'refused', refusal: 'rollback', versionAtEnd: '1.1.0' });
    expectRefusedOnDevice(dir, before, records);
  });

  it('the floor is the device\'s: with no device state the same package passes the rollback check', async () => {
    const r = await must(hpa(['ota', 'drive', '--firmware', '1.1.0', '--duration-s', '12', '--ota', oldCounter, '--ota-at', '2', '--dir', join(f.tmp, 'no-device'), '--root', f.root, '--allow-live-activation', '--json']));
    expect(r.json.outcome).not.toBe('refused');
  });
});

describe.concurrent('activation policy (UN R156: a driving-function update activates parked)', () => {
  it('parked means pilot off and standstill; live only when asked for', () => {
    expect(mayActivate('parked', 0, false)).toBe(true);
    expect(mayActivate('parked', 0, true)).toBe(false); // pilot on
    expect(mayActivate('parked', 5, false)).toBe(false); // rolling
    expect(mayActivate('live', 30, true)).toBe(true);
  });

  it('a drive without --allow-live-activation keeps shadowing and never swaps at speed', async () => {
    const r = await must(hpa(['ota', 'drive', '--firmware', '1.0.0', '--duration-s', '15', '--ota', f.good, '--ota-at', '2', '--dir', join(f.tmp, 'parked-only'), '--root', f.root, '--json']));
    expect(r.json).toMatchObject({ outcome: 'deferred', swaps: 0, versionAtEnd: '1.0.0', badOutputCycles: 0 });
    const text = await must(hpa(['ota', 'drive', '--firmware', '1.0.0', '--duration-s', '15', '--ota', f.good, '--ota-at', '2', '--dir', join(f.tmp, 'parked-only-2'), '--root', f.root]));
    expect(text.stdout).toMatch(/activation deferred until the car is parked with the pilot off/);
    expect(text.stdout).toMatch(/activation only when parked/);
  });

  it('the real-time live swap is a bench run that must say so', async () => {
    const r = await hpa(['ota', 'live', f.good, '--hz', '100', '--seconds', '2', '--at', '0.5', '--dir', join(f.tmp, 'rt-none'), '--root', f.root, '--json']);
    expect(r.code).toBe(2);
    expect(r.json).toMatchObject({ ok: false, error: 'activation-policy' });
    expect(r.stderr).toMatch(/^hpa: .*pass --allow-live-activation/m);
  });
});
