// Attack class: replayed metadata and older releases in the recall campaign (issue 8, items 9
// and 10, on `hpa campaign`). Each simulated vehicle is a device with its own anti-rollback
// counter and freshness floors (campaign/fleet-devices.ts), kept across campaign runs with
// `--fleet <dir>`: a vehicle that accepted a newer timestamp refuses an older one in a later run,
// a vehicle that confirmed #2 refuses #1 — with install's refusal name, message and exit code —
// while a vehicle that never saw the newer metadata still takes the older package.
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { VehicleState } from '../../host/ota/campaign/fleet-devices.js';
import { securePartitionFor } from '../../host/ota/device/secure-store.js';
import { expectRefusal } from './attack-helpers.js';
import { copyDir, metadataVersions, packOlder } from './craft.js';
import { hpa, makeFixture, must, pack, SECURE_DIR, type CliResult, type OtaFixture } from './fixture.js';

// A 0.3 % sample of the fleet (~300 XMA7000 cars), no injected faults: every trial a real one.
const FLEET = ['--scale', '0.003', '--seed', '11', '--threads', '1', '--no-progress', '--json', '--download-failure', '0', '--power-loss', '0', '--trial-stall', '0'];

let f: OtaFixture;
let older: string;
let fleet: string;
let first: CliResult;

const versions = metadataVersions;
const campaign = (pkg: string, dir: string, extra: string[] = []) => hpa(['campaign', '--package', pkg, '--root', f.root, '--fleet', dir, ...FLEET, ...extra]);

/** The fleet directory's readable mirror of its sealed vehicle states: each distinct state and how many vehicles hold it. */
function states(dir: string): (VehicleState & { vehicles: number })[] {
  const file = readdirSync(dir).find((n) => /^fleet-[0-9a-f]{16}\.json$/.test(n))!;
  return JSON.parse(readFileSync(join(dir, file), 'utf8')).states;
}
const holding = (dir: string, pick: (s: VehicleState) => boolean) => states(dir).filter(pick).reduce((n, s) => n + s.vehicles, 0);

/** `hpa campaign --json` after some vehicles refused: the report on stdout, the refusal as install names it, one line on stderr. */
function expectVehiclesRefused(r: CliResult, attack: 'rollback', detail: RegExp): number {
  expectRefusal(r, attack);
  expect(r.stderr).toMatch(detail);
  const refused = r.json.devices.refused[attack];
  expect(refused).toBeGreaterThan(0);
  expect(r.json.totals.refused).toBe(refused);
  expect(r.stderr).toContain(`refused (${attack}): ${refused.toLocaleString('en')} of `);
  return refused;
}

beforeAll(async () => {
  f = await makeFixture();
  older = await packOlder(f);
  expect(versions(older).timestamp).toBeLessThan(versions(f.good).timestamp);
  fleet = join(f.tmp, 'fleet');
  first = await must(campaign(f.good, fleet));
}, 300_000);

/** A copy of the fleet after the first run (its directory and its secure store partition). */
const fleetCopy = (name: string) => copyDir(f, fleet, name);

describe('campaign vehicles keep their own counter and freshness floors', () => {
  it('a run seals each vehicle\'s state: the confirmed ones run 1.1.0 #2 with the package\'s timestamp and snapshot floors', () => {
    expect(first.json.devices).toMatchObject({ fleetDir: fleet, current: 0, refused: {}, refusal: null });
    const updated = first.json.totals.updated;
    expect(updated).toBeGreaterThan(0);
    const v = versions(f.good);
    expect(holding(fleet, (s) => s.releaseCounter === 2 && s.version === '1.1.0' && s.freshness.timestamp?.version === v.timestamp && s.freshness.snapshot?.version === v.snapshot)).toBe(updated);
    // The BJ7000 cars (S2025M0150I, not in this package) were not touched: factory state, no floors.
    expect(holding(fleet, (s) => s.releaseCounter === 0 && s.freshness.timestamp === null)).toBe(first.json.recalls[1].vehicles);
  });

  it('the same package again: the updated vehicles already run it and are not updated twice', async () => {
    const r = await must(campaign(f.good, fleetCopy('fleet-again')));
    expect(r.json.devices.current).toBe(first.json.totals.updated);
    expect(r.json.totals.updated).toBe(0);
  });

  it('the same image under a higher counter (#3) is installed again: the confirmed vehicles\' counter rises to 3', async () => {
    const dir = fleetCopy('fleet-counter-3');
    const counter3 = join(f.tmp, 'counter-3.hpa');
    await must(pack(f, f.fw110, counter3, { counter: 3 }));
    const r = await must(campaign(counter3, dir));
    expect(r.json.devices.current).toBe(0);
    expect(holding(dir, (s) => s.releaseCounter === 3)).toBe(r.json.totals.updated);
    expect(r.json.totals.updated).toBeGreaterThan(0);
  });

  it('an older, validly signed timestamp replayed in a later run ⇒ each vehicle that saw the newer one refuses it: rollback (17), floors kept; the rest of the fleet updates', async () => {
    const dir = fleetCopy('fleet-replay');
    const sawNewer = holding(dir, (s) => s.freshness.timestamp?.version === versions(f.good).timestamp);
    const r = await campaign(older, dir, ['--package', f.good150]);
    const refused = expectVehiclesRefused(r, 'rollback', /timestamp version \d+ is below the \d+ this vehicle already saw/);
    expect(refused).toBe(sawNewer);
    // No refusing vehicle moved; the BJ7000 cars, which never saw the newer metadata, took their own
    // package — whose timestamp carries the same version when the fixture signed both in one second.
    const sameSecond = versions(f.good150).timestamp === versions(f.good).timestamp;
    expect(holding(dir, (s) => s.freshness.timestamp?.version === versions(f.good).timestamp)).toBe(sawNewer + (sameSecond ? r.json.recalls[1].updated : 0));
    expect(r.json.recalls[1].updated).toBeGreaterThan(0);
    expect(r.json.recalls[0].updated).toBe(0);
  });

  it('a fresh timestamp re-signed over an older snapshot (stolen online key) ⇒ rollback, from each vehicle\'s snapshot floor', async () => {
    const dir = fleetCopy('fleet-snapshot');
    const replay = join(f.tmp, 'fresh-ts-old-snapshot.hpa');
    await must(hpa(['ota', 'refresh', older, '--timestamp-key', f.timestampKey, '-o', replay]));
    expect(versions(replay).timestamp).toBeGreaterThanOrEqual(versions(f.good).timestamp);
    // Counted before the run: the BJ7000 cars' own package may carry the same snapshot version.
    const sawNewer = holding(dir, (s) => s.freshness.snapshot?.version === versions(f.good).snapshot);
    const r = await campaign(replay, dir, ['--package', f.good150]);
    const refused = expectVehiclesRefused(r, 'rollback', /snapshot version \d+ is below the \d+ this vehicle already saw/);
    expect(refused).toBe(sawNewer);
  });

  it('an older release (#1, freshly signed) after the fleet confirmed #2 ⇒ the confirmed vehicles refuse it: rollback', async () => {
    const dir = fleetCopy('fleet-counter');
    const confirmed = holding(dir, (s) => s.releaseCounter === 2);
    const counter1 = join(f.tmp, 'counter-1.hpa');
    await must(pack(f, f.fw110, counter1, { counter: 1 }));
    expect(versions(counter1).timestamp).toBeGreaterThanOrEqual(versions(f.good).timestamp); // the counter refuses it, not the timestamp
    const r = await campaign(counter1, dir, ['--package', f.good150]);
    const refused = expectVehiclesRefused(r, 'rollback', /release 1\.1\.0 #1 is older than the installed 1\.1\.0 #2/);
    expect(refused).toBe(confirmed);
    expect(holding(dir, (s) => s.releaseCounter === 2 && s.sha256 !== null)).toBe(confirmed + r.json.totals.updated);
  });

  it('when every vehicle refuses, the campaign stops before any is touched: one line, exit 17, the sealed states unchanged', async () => {
    const dir = fleetCopy('fleet-all-refuse');
    const before = states(dir);
    const r = await campaign(older, dir);
    expectRefusal(r, 'rollback');
    expect(r.json).toMatchObject({ ok: false, error: 'rollback' });
    expect(r.stderr).toMatch(/timestamp version \d+ is below the \d+ this vehicle already saw/);
    expect(states(dir)).toEqual(before);
  });

  it('the fleet\'s states are sealed: a fleet directory without its secure store, or a lowered counter in the record, is refused (secure-store, 33), never re-initialised', async () => {
    const bare = join(f.tmp, 'fleet-no-secure');
    cpSync(fleet, bare, { recursive: true }); // the directory alone, not its partition
    const r1 = await campaign(f.good, bare);
    expect(r1.code).toBe(33);
    expect(r1.stderr).toMatch(/^hpa: .*secure store .* is missing: never re-initialised\n$/);
    const edited = fleetCopy('fleet-edited');
    const partition = securePartitionFor(edited, SECURE_DIR);
    const record = readdirSync(partition).find((n) => /^record-fleet-[0-9a-f]{16}\.json$/.test(n))!;
    const sealed = JSON.parse(readFileSync(join(partition, record), 'utf8'));
    sealed.value.states.forEach((s: VehicleState) => { s.releaseCounter = 0; }); // every vehicle back to counter 0, the seal kept
    writeFileSync(join(partition, record), JSON.stringify(sealed));
    const r2 = await campaign(f.good, edited);
    expect(r2.code).toBe(33);
    expect(r2.stderr).toMatch(/^hpa: .*seal broken\n$/);
  });

  it('the floor is each vehicle\'s own: a fleet that never saw the newer timestamp takes the older package', async () => {
    const r = await must(campaign(older, join(f.tmp, 'fleet-never-saw')));
    expect(r.json.devices.refusal).toBeNull();
    expect(r.json.totals.updated).toBe(first.json.totals.updated);
  });
});
