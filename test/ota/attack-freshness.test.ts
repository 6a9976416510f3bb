// Attack class: replayed metadata (TUF §5.4.3, §5.5.5; issue 8 "freshness"). The vehicle keeps
// the highest timestamp and snapshot versions it accepted in its secure store. A mirror that
// replays an older but validly signed timestamp (or re-signs a fresh timestamp over an older
// snapshot, with a stolen online key) is refused as `rollback` (exit 17) on every path, the
// device unchanged and one audit record written; an expired timestamp is a frozen mirror
// (`freeze`, 13) and moves no floor.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readAudit } from '../../host/ota/device/audit.js';
import { readFreshness } from '../../host/ota/device/freshness.js';
import { FileSecureStore, securePartitionFor } from '../../host/ota/device/secure-store.js';
import { deviceFiles, expectInstallRefused, expectRefusal } from './attack-helpers.js';
import { copyDir, goodBundle, metadataVersions, packOlder, resignRaw, writeBundle } from './craft.js';
import { hpa, makeFixture, must, pack, provision, SECURE_DIR, type OtaFixture } from './fixture.js';

const SHORT = ['--uptime-s', '2', '--trial-s', '1', '--watch-s', '1'];
const HOUR_MS = 3_600_000;
let f: OtaFixture;
let installed: string;
let older: string;

const freshness = (dir: string) => readFreshness(FileSecureStore.open(securePartitionFor(dir, SECURE_DIR)));
const versions = metadataVersions;

beforeAll(async () => {
  f = await makeFixture();
  older = await packOlder(f);
  installed = await provision(f, join(f.tmp, 'installed'));
  await must(hpa(['ota', 'install', f.good, '--dir', installed, '--json', ...SHORT]));
}, 180_000);

const device = (name: string) => copyDir(f, installed, name);

describe('freshness state in the secure store', () => {
  it('install records the accepted timestamp and snapshot versions and the root version', async () => {
    const got = versions(f.good);
    const fresh = freshness(installed);
    expect(fresh).toMatchObject({ rootVersion: 1, timestamp: { version: got.timestamp }, snapshot: { version: got.snapshot } });
    expect(versions(older).timestamp).toBeLessThan(got.timestamp);
    const status = await must(hpa(['ota', 'status', '--dir', installed, '--json']));
    expect(status.json.freshness).toEqual(fresh);
  });

  // Two replays, each refused by the floor its metadata falls below: the package, and the role named in the message.
  const replays: { attack: string; dir: string; role: 'timestamp' | 'snapshot'; replay: () => Promise<string> }[] = [
    { attack: 'an older, validly signed timestamp replayed after a newer one', dir: 'replay-timestamp', role: 'timestamp', replay: async () => older },
    {
      attack: 'a fresh timestamp re-signed over an older snapshot (stolen online key)', dir: 'replay-snapshot', role: 'snapshot',
      replay: async () => {
        const replay = join(f.tmp, 'fresh-ts-old-snapshot.hpa');
        await must(hpa(['ota', 'refresh', older, '--timestamp-key', f.timestampKey, '-o', replay]));
        expect(versions(replay).timestamp).toBeGreaterThanOrEqual(versions(f.good).timestamp); // only the snapshot is old
        return replay;
      },
    },
  ];
  for (const { attack, dir: name, role, replay } of replays) {
    it(`${attack} ⇒ rollback (17) from the ${role}, state and floors unchanged, one audit record`, async () => {
      const dir = device(name);
      const pkg = await replay();
      const before = freshness(dir);
      const r = await expectInstallRefused(dir, pkg, 'rollback', SHORT);
      expect(r.stderr).toMatch(new RegExp(`${role} version \\d+ is below the \\d+ this vehicle already saw`));
      expect(freshness(dir)).toEqual(before);
    });
  }

  it('the same replay on `hpa ota verify` and `hpa ota drive` is refused the same way', async () => {
    const dir = device('replay-paths');
    const files = deviceFiles(dir);
    expectRefusal(await hpa(['ota', 'verify', older, '--dir', dir]), 'rollback');
    const drive = await hpa(['ota', 'drive', '--firmware', '1.1.0', '--duration-s', '4', '--ota', older, '--ota-at', '1', '--dir', dir, '--allow-live-activation', '--json']);
    expect(drive.code, drive.stderr).toBe(17);
    expect(drive.json).toMatchObject({ outcome: 'refused', refusal: 'rollback', swaps: 0 });
    expect(deviceFiles(dir)).toEqual(files);
    expect(readAudit(join(dir, 'audit.jsonl')).at(-1)).toMatchObject({ action: 'live-swap', result: 'refused', attack: 'rollback' });
  });

  it('the floor is the device\'s: a vehicle that never saw the newer metadata installs the older package', async () => {
    const car = await provision(f, join(f.tmp, 'never-saw-newer'));
    const r = await must(hpa(['ota', 'install', older, '--dir', car, '--json', ...SHORT]));
    expect(r.json).toMatchObject({ ok: true, runningVersion: '1.1.0' });
    expect(freshness(car).timestamp?.version).toBe(versions(older).timestamp);
  });

  it('a frozen mirror (timestamp expired) ⇒ freeze (13); the floors do not move', async () => {
    const dir = device('frozen');
    const frozen = join(f.tmp, 'frozen.hpa');
    await must(pack(f, f.fw110, frozen, { counter: 3, now: new Date(Date.now() - 2 * 24 * HOUR_MS).toISOString() }));
    const before = freshness(dir);
    const r = await expectInstallRefused(dir, frozen, 'freeze', SHORT);
    expect(r.stderr).toContain('timestamp metadata expired');
    expect(freshness(dir)).toEqual(before);
  });

  it('a stolen timestamp key fast-forwards the floor to 2^31-1; rotating that key through a new root resets it (TUF §5.3.11)', async () => {
    const dir = device('fast-forward');
    const g = goodBundle(f);
    const forward = writeBundle(f, 'ts-max', resignRaw(f, g.bundle, { timestamp: (t) => { t.version = 2 ** 31 - 1; } }), g.payload);
    await must(hpa(['ota', 'install', forward, '--dir', dir, '--json', ...SHORT]));
    expect(freshness(dir).timestamp?.version).toBe(2 ** 31 - 1);
    // Every genuine release is now a "replay" …
    const next = join(f.tmp, 'next-3.hpa');
    await must(pack(f, f.fw110, next, { counter: 3 }));
    await expectInstallRefused(dir, next, 'rollback', SHORT);
    // … until the root replaces the timestamp key (signed by the root key: the only way to change a role's keys).
    const ts2 = join(f.tmp, 'timestamp-v2');
    await must(hpa(['ota', 'keygen', '--out', ts2]));
    const v2 = join(f.tmp, 'root-new-timestamp.json');
    await must(hpa(['ota', 'root-next', '--from', f.root, '--timestamp', `${ts2}.pub`, '--out', v2]));
    await must(hpa(['ota', 'root-sign', v2, '--key', join(f.keys, 'root.key')]));
    await must(hpa(['ota', 'root-update', v2, '--dir', dir]));
    await must(hpa(['ota', 'refresh', next, '--timestamp-key', `${ts2}.key`]));
    const r = await must(hpa(['ota', 'install', next, '--dir', dir, '--json', ...SHORT]));
    expect(r.json).toMatchObject({ ok: true, runningVersion: '1.1.0', state: { antiRollbackCounter: 3 } });
    expect(freshness(dir)).toMatchObject({ rootVersion: 2, timestamp: { version: versions(next).timestamp } });
    // The snapshot floor was not reset (its keys did not change): an older snapshot is still a replay.
    expect(freshness(dir).snapshot?.version).toBe(versions(next).snapshot);
  });
});
