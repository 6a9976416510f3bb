// Attack class: counters (issue 8, item 3). Every version and counter is an integer in
// 0 … 2^31-1. A release counter of 1.7976931348623157e308 once installed and locked the vehicle
// out of every later release; now pack refuses it, and a hand-signed package carrying it is
// refused by the vehicle before anything changes.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_COUNTER } from '../../host/ota/release/limits.js';
import { expectInstallRefused, expectRefusal } from './attack-helpers.js';
import { goodBundle, resignRaw, writeBundle } from './craft.js';
import { hpa, makeFixture, must, pack, provision, type OtaFixture } from './fixture.js';

let f: OtaFixture;
let dir: string;
beforeAll(async () => {
  f = await makeFixture();
  dir = await provision(f, join(f.tmp, 'vehicle'));
});

const BAD = ['1.7976931348623157e308', String(2 ** 31), '1.5', 'NaN'];

describe('counters are bounded integers (0 … 2^31-1)', () => {
  it(`MAX_COUNTER is 2^31-1 = ${2 ** 31 - 1}`, () => expect(MAX_COUNTER).toBe(2_147_483_647));

  it.each(BAD)('pack --release-counter %s ⇒ bad-counter, no package written', async (n) => {
    const out = join(f.tmp, `pack-${n}.hpa`);
    const r = await pack(f, f.fw110, out, { counter: n });
    expectRefusal(r, 'bad-counter');
  });

  it.each([
    ['release counter 1.7976931348623157e308', (t: any) => { t.version = 1.7976931348623157e308; t.release.releaseCounter = 1.7976931348623157e308; }],
    ['release counter 2^31', (t: any) => { t.version = 2 ** 31; t.release.releaseCounter = 2 ** 31; }],
    ['release counter 2.5', (t: any) => { t.version = 2.5; t.release.releaseCounter = 2.5; }],
  ] as const)('a package signed by the real release key with %s ⇒ bad-counter, state unchanged', async (name, edit) => {
    const good = goodBundle(f);
    const pkg = writeBundle(f, `counter-${name.replace(/\W+/g, '-')}`, resignRaw(f, good.bundle, { targets: edit }), good.payload);
    await expectInstallRefused(dir, pkg, 'bad-counter');
  });

  it('a timestamp version beyond 2^31-1 ⇒ bad-counter', async () => {
    const good = goodBundle(f);
    const pkg = writeBundle(f, 'ts-version', resignRaw(f, good.bundle, { timestamp: (t) => { t.version = Number.MAX_VALUE; } }), good.payload);
    await expectInstallRefused(dir, pkg, 'bad-counter');
  });

  it('after all that, the genuine release #2 installs: no lock-out', async () => {
    const r = await must(hpa(['ota', 'install', f.good, '--dir', dir, '--json', '--uptime-s', '2', '--trial-s', '1']));
    expect(r.json).toMatchObject({ ok: true, state: { antiRollbackCounter: 2 } });
  });
});
