// The same rules on every path (issue 8, "anti-rollback only on install"): a device that
// confirmed the recall release 1.1.0 #2 refuses the same image signed with counter 1 on
// `hpa ota drive`, `hpa run --ota` and the real-time `hpa ota live` exactly as `install` does —
// named refusal and exit code, device state unchanged, one audit record on the device — because
// every path verifies with the device's anti-rollback floor (device/policy.ts). And the
// activation policy: without --allow-live-activation a verified release waits to be parked.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mayActivate } from '../../host/ota/device/policy.js';
import type { OtaState } from '../../host/ota/device/slots.js';
import { audit, cloneInstalled, expectRefusal, installedFixture, protectedState, SHORT, type InstalledFixture } from './attack-helpers.js';
import { hpa, must, ROOT, type OtaFixture } from './fixture.js';

let fx: InstalledFixture;
let f: OtaFixture;
let oldCounter: string;

beforeAll(async () => {
  fx = await installedFixture();
  ({ f, oldCounter } = fx);
}, 120_000);

const device = (name: string) => cloneInstalled(fx, name);

function expectRefusedOnDevice(dir: string, before: OtaState, records: number, attack = 'rollback'): void {
  expect(protectedState(dir)).toEqual(before);
  const added = audit(dir).slice(records);
  expect(added).toHaveLength(1);
  expect(added[0]).toMatchObject({ action: 'live-swap', result: 'refused', attack, runningVersion: '1.1.0' });
}

/** The command's last stderr line is the one `hpa: refused (<attack>): …` line (a live path logs its drive above it). */
const lastLine = (stderr: string) => stderr.trim().split('\n').at(-1)!;

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
    expectRefusal(r, 'rollback'); // stderr: exactly the one `hpa: refused (rollback): …` line
    expectRefusedOnDevice(dir, before, records);
  });

  it('hpa run --ota on the device ⇒ refused (rollback, exit 17 after the results), state unchanged, one audit record', async () => {
    const { dir, before, records } = device('run');
    const r = await hpa(['run', join(ROOT, 'scenarios', 'recall-accident-116kph.json'), '--firmware', '1.1.0', '--ota', oldCounter, '--ota-at', '2', '--dir', dir, '--root', f.root, '--allow-live-activation', '--json']);
    expect(r.stderr).toMatch(/OTA: refused \(rollback\): release 1\.1\.0 #1 is older than the installed 1\.1\.0 #2/);
    expect(r.code, r.stderr).toBe(17);
    expect(JSON.parse(r.stdout)).toHaveProperty('scenario'); // the run's results are printed before the refusal exits
    expect(lastLine(r.stderr)).toMatch(/^hpa: refused \(rollback\): release 1\.1\.0 #1 is older/);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expectRefusedOnDevice(dir, before, records);
  });

  it('hpa ota live (real time) on the device ⇒ refused (rollback, exit 17), state unchanged, one audit record', async () => {
    const { dir, before, records } = device('live');
    // 12 s: the refusal comes from the preparation thread (nice 19); on a loaded runner it once missed a 2 s run.
    const r = await hpa(['ota', 'live', oldCounter, '--firmware', '1.1.0', '--hz', '100', '--seconds', '12', '--at', '0.5', '--strategy', 'sleep-spin', '--uptime-cycles', '1000', '--dir', dir, '--root', f.root, '--allow-live-activation', '--json']);
    expect(r.code, r.stderr).toBe(17);
    expect(r.json).toMatchObject({ outcome: 'refused', refusal: 'rollback', versionAtEnd: '1.1.0' });
    expect(lastLine(r.stderr)).toMatch(/^hpa: refused \(rollback\): /);
    expectRefusedOnDevice(dir, before, records);
  });

  it('hpa ota live with a FIFO as package ⇒ refused (not-regular-file, exit 26) before reading, one audit record on the device', async () => {
    const { dir, before, records } = device('live-fifo');
    const fifo = join(f.tmp, 'live.fifo');
    execFileSync('mkfifo', [fifo]);
    const r = await hpa(['ota', 'live', fifo, '--firmware', '1.1.0', '--hz', '100', '--seconds', '2', '--at', '0.5', '--strategy', 'sleep-spin', '--uptime-cycles', '1000', '--dir', dir, '--root', f.root, '--allow-live-activation']);
    expectRefusal(r, 'not-regular-file');
    expectRefusedOnDevice(dir, before, records, 'not-regular-file');
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
