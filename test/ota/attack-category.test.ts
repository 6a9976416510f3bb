// Attack class: OTA category and filings (issue 8; domain.md §1). The category is signed with
// the references it requires; a recall names its SAMR filing, and that filing must cover every
// model the release lists: S2025M0149I = XMA7000MBEVR2 + XMA7000MBEVR5 (98,462 cars),
// S2025M0150I = BJ7000MBEVR2 (18,425 cars).
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { RECALLS } from '../../host/ota/release/filings.js';
import { expectInstallRefused, expectRefusal } from './attack-helpers.js';
import { craft } from './craft.js';
import { hpa, makeFixture, must, pack, provision, type OtaFixture } from './fixture.js';

let f: OtaFixture;
beforeAll(async () => { f = await makeFixture(); });

describe('OTA categories and recall filings', () => {
  it('the filings table is the published one', () => {
    expect(RECALLS).toEqual([
      { id: 'S2025M0149I', models: ['XMA7000MBEVR2', 'XMA7000MBEVR5'], vehicles: 98_462 },
      { id: 'S2025M0150I', models: ['BJ7000MBEVR2'], vehicles: 18_425 },
    ]);
    expect(RECALLS.reduce((n, r) => n + r.vehicles, 0)).toBe(116_887);
  });

  it('pack BJ7000MBEVR2 under S2025M0149I ⇒ wrong-filing', async () => {
    const r = await pack(f, f.fw110, join(f.tmp, 'bj-149.hpa'), { hardware: 'BJ7000MBEVR2', filing: 'S2025M0149I' });
    expectRefusal(r, 'wrong-filing');
    expect(r.stderr).toContain('S2025M0149I covers XMA7000MBEVR2, XMA7000MBEVR5, not BJ7000MBEVR2');
  });

  it('pack a recall with no filing ⇒ wrong-category', async () => {
    expectRefusal(await pack(f, f.fw110, join(f.tmp, 'no-filing.hpa'), { filing: null }), 'wrong-category');
  });

  it('pack a recall under an unpublished filing ⇒ wrong-filing', async () => {
    expectRefusal(await pack(f, f.fw110, join(f.tmp, 'fake-filing.hpa'), { filing: 'S2099M9999I' }), 'wrong-filing');
  });

  it('pack a driving-automation change without its permit ⇒ wrong-category; with it, packed', async () => {
    const args = ['ota', 'pack', f.fw110, '--release-counter', '3', '--hardware', 'XMA7000MBEVR2', '--category', 'driving-automation', '--expires', new Date(Date.now() + 10 * 86_400_000).toISOString(),
      '--key', f.key, '--snapshot-key', f.snapshotKey, '--timestamp-key', f.timestampKey, '--report', f.report, '-o', join(f.tmp, 'da.hpa')];
    expectRefusal(await hpa(args), 'wrong-category');
    await must(hpa([...args, '--permit', 'L2-PERMIT-0001']));
  });

  it('pack main-parameters needs approval AND filing', async () => {
    const r = await pack(f, f.fw110, join(f.tmp, 'mp.hpa'), { category: 'main-parameters', filing: null, extra: [] });
    expect(r.code).toBe(0); // the fixture adds both
    const base = ['ota', 'pack', f.fw110, '--release-counter', '3', '--hardware', 'XMA7000MBEVR2', '--category', 'main-parameters', '--expires', new Date(Date.now() + 10 * 86_400_000).toISOString(),
      '--key', f.key, '--snapshot-key', f.snapshotKey, '--timestamp-key', f.timestampKey, '--report', f.report, '-o', join(f.tmp, 'mp2.hpa')];
    expectRefusal(await hpa([...base, '--approval', 'MIIT-2025-0001']), 'wrong-category');
  });

  it('a package hand-signed by the real release key listing BJ7000MBEVR2 under S2025M0149I ⇒ wrong-filing on a BJ car', async () => {
    const dir = await provision(f, join(f.tmp, 'bj-car'), 'BJ7000MBEVR2');
    const pkg = craft(f, 'bj-under-149', { release: { hardwareIds: ['XMA7000MBEVR2', 'BJ7000MBEVR2'], references: { recallFiling: 'S2025M0149I' } } });
    await expectInstallRefused(dir, pkg, 'wrong-filing');
  });

  it('a hand-signed recall without a filing reference ⇒ wrong-category on the car', async () => {
    const dir = await provision(f, join(f.tmp, 'xma-car'));
    const pkg = craft(f, 'recall-no-ref', { release: { references: {} } });
    await expectInstallRefused(dir, pkg, 'wrong-category');
  });

  it('the S2025M0150I package installs on a BJ7000MBEVR2 and names its filing', async () => {
    const dir = await provision(f, join(f.tmp, 'bj-ok'), 'BJ7000MBEVR2');
    const r = await must(hpa(['ota', 'verify', f.good150, '--dir', dir, '--json']));
    expect(r.json).toMatchObject({ ok: true, category: 'recall', references: { recallFiling: 'S2025M0150I' } });
  });
});
