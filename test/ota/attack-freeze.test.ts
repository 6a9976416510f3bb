// Attack class: freeze (issue 8, item 10). Each role's metadata lives at most its bound (root
// 365 d, targets 90 d, snapshot 7 d, timestamp 1 d; docs/ota.md): a mirror that keeps serving
// an old but validly signed release is detected within the timestamp's day, and no expiry can
// be signed in the past or in the year 9999.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_LIFETIME_DAYS } from '../../host/ota/release/limits.js';
import { expectInstallRefused, expectRefusal } from './attack-helpers.js';
import { goodBundle, resignRaw, writeBundle } from './craft.js';
import { daysAhead, hpa, makeFixture, must, pack, provision, type OtaFixture } from './fixture.js';

let f: OtaFixture;
let dir: string;
beforeAll(async () => {
  f = await makeFixture();
  dir = await provision(f, join(f.tmp, 'vehicle'));
});

describe('freeze: bounded lifetimes per role', () => {
  it('the bounds are root 365 d, targets 90 d, snapshot 7 d, timestamp 1 d, director 30 d', () => {
    expect(MAX_LIFETIME_DAYS).toEqual({ root: 365, targets: 90, snapshot: 7, timestamp: 1, director: 30 });
  });

  it.each([['9999-12-31', '9999-12-31'], ['2020-01-01', '2020-01-01'], ['91 days ahead', daysAhead(91)]])('pack --expires %s ⇒ bad-expiry', async (_label, expires) => {
    const r = await pack(f, f.fw110, join(f.tmp, `exp-${expires.slice(0, 10)}.hpa`), { expires });
    expectRefusal(r, 'bad-expiry');
  });

  it('a frozen mirror: a release signed 2 days ago (targets still valid) ⇒ freeze, from the timestamp', async () => {
    const p = join(f.tmp, 'frozen.hpa');
    await must(pack(f, f.fw110, p, { now: new Date(Date.now() - 2 * 86_400_000).toISOString() }));
    const r = await expectInstallRefused(dir, p, 'freeze');
    expect(r.stderr).toContain('timestamp metadata expired');
  });

  it('the mirror re-signs the timestamp (`hpa ota refresh`): the same release installs again; a rogue timestamp key does not help', async () => {
    const p = join(f.tmp, 'frozen-then-fresh.hpa');
    await must(pack(f, f.fw110, p, { now: new Date(Date.now() - 2 * 86_400_000).toISOString() }));
    const car = await provision(f, join(f.tmp, 'refreshed-car'));
    const rogue = join(f.tmp, 'rogue-ts.hpa');
    await must(hpa(['ota', 'refresh', p, '--timestamp-key', f.rogueKey, '-o', rogue]));
    await expectInstallRefused(car, rogue, 'unknown-key');
    await must(hpa(['ota', 'refresh', p, '--timestamp-key', f.timestampKey]));
    const r = await must(hpa(['ota', 'install', p, '--dir', car, '--json', '--uptime-s', '2', '--trial-s', '1']));
    expect(r.json).toMatchObject({ ok: true, runningVersion: '1.1.0' });
  });

  it('a timestamp hand-signed to expire in 10 years ⇒ bad-expiry', async () => {
    const g = goodBundle(f);
    const pkg = writeBundle(f, 'ts-10y', resignRaw(f, g.bundle, { timestamp: (t) => { t.expires = daysAhead(3650); } }), g.payload);
    await expectInstallRefused(dir, pkg, 'bad-expiry');
  });

  it('a snapshot already expired under a fresh timestamp ⇒ freeze', async () => {
    const g = goodBundle(f);
    const pkg = writeBundle(f, 'snap-old', resignRaw(f, g.bundle, { snapshot: (s) => { s.expires = daysAhead(-1); } }), g.payload);
    const r = await expectInstallRefused(dir, pkg, 'freeze');
    expect(r.stderr).toContain('snapshot metadata expired');
  });

  it('an expired root: the vehicle refuses every release until a root update arrives', async () => {
    const r = await expectInstallRefused(dir, f.good, 'freeze', ['--now', daysAhead(400)]);
    expect(r.stderr).toContain('root metadata expired');
  });
});
