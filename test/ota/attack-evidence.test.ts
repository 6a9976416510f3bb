// Attack class: forged test evidence (issue 8, item 4). The evidence is signed by the
// regression gate's own key (the evidence role), and whoever checks it — `pack` and the
// vehicle — reads the listed results: a report of 1.0.0 that lists its failures but says
// "passed": true is refused as untested, whoever signed it.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../host/ecu/firmware.js';
import { expectInstallRefused, expectRefusal } from './attack-helpers.js';
import { craft } from './craft.js';
import { hpa, makeFixture, pack, provision, type OtaFixture } from './fixture.js';

let f: OtaFixture;
let dir: string;
let failing: string;   // the gate's signed evidence of the recalled 1.0.0: it lists failures
let forged: string;    // the same with only "passed": true flipped
let fw100Sha: string;

beforeAll(async () => {
  f = await makeFixture();
  dir = await provision(f, join(f.tmp, 'vehicle'));
  failing = join(f.tmp, 'evidence-1.0.0.json');
  const r = await hpa(['ota', 'certify', f.fw100, '--key', f.evidenceKey, '--out', failing]);
  expect(r.code).toBe(3); // the gate fails 1.0.0 (regression-failed) and still writes what it saw
  const ev = JSON.parse(readFileSync(failing, 'utf8'));
  expect(ev.signed.passed).toBe(false);
  forged = join(f.tmp, 'evidence-1.0.0-forged.json');
  writeFileSync(forged, JSON.stringify({ ...ev, signed: { ...ev.signed, passed: true } }, null, 2));
  fw100Sha = sha256Hex(readFileSync(f.fw100));
}, 120_000);

describe('test evidence: signed by the gate, re-read by pack and by the vehicle', () => {
  it('pack with a failing report whose "passed" was flipped to true ⇒ untested, nothing written', async () => {
    const out = join(f.tmp, 'relabelled.hpa');
    const r = await pack(f, f.fw100, out, { counter: 3, report: forged });
    expectRefusal(r, 'untested');
    expect(r.stderr).toMatch(/lists \d+ of \d+ scenarios as not passed/);
  });

  it('a package carrying that forged report (metadata signed by the real release key) ⇒ untested on the vehicle', async () => {
    const report = JSON.parse(readFileSync(forged, 'utf8')).signed;
    const pkg = craft(f, 'forged-evidence', { image: readFileSync(f.fw100), release: { version: '1.3.0' }, evidence: () => report, evidenceKey: f.rogueKey });
    await expectInstallRefused(dir, pkg, 'untested');
  });

  it('evidence with every result passed but signed by the release manager\'s key, not the gate\'s ⇒ unknown-key', async () => {
    const pkg = craft(f, 'self-vouched', { evidenceKey: f.key });
    const r = await expectInstallRefused(dir, pkg, 'unknown-key');
    expect(r.stderr).toContain('test evidence');
  });

  it('evidence that drops a library scenario (its manifest still names it) ⇒ untested', async () => {
    const pkg = craft(f, 'short-evidence', { evidence: (r) => ({ ...r, results: r.results.slice(1), scenarios: r.results.length - 1 }) });
    const r = await expectInstallRefused(dir, pkg, 'untested');
    expect(r.stderr).toContain('has no result for 1 library scenario');
  });

  it('evidence that shrinks the manifest to what passed ⇒ pack refuses it against the shipped library', async () => {
    const ev = JSON.parse(readFileSync(failing, 'utf8'));
    const passed = ev.signed.results.filter((x: { passed: boolean }) => x.passed);
    const shrunk = { ...ev.signed, passed: true, results: passed, scenarios: passed.length, library: { ...ev.signed.library, scenarios: passed.map((x: { file: string; scenario: string }) => `${x.file}#${x.scenario}`).sort() } };
    const file = join(f.tmp, 'evidence-shrunk.json');
    writeFileSync(file, JSON.stringify({ signed: shrunk, signatures: ev.signatures }));
    const r = await pack(f, f.fw100, join(f.tmp, 'shrunk.hpa'), { counter: 3, report: file });
    expectRefusal(r, 'untested');
    expect(r.stderr).toContain('does not cover');
  });

  it('evidence of another image ⇒ untested', async () => {
    const pkg = craft(f, 'other-image-evidence', { evidence: (r) => ({ ...r, firmwareSha256: fw100Sha }) });
    await expectInstallRefused(dir, pkg, 'untested');
  });
});
