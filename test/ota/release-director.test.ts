// The director role (Uptane): a signed assignment of which image each vehicle (VIN, hardware id)
// runs. The campaign calls verifyAssignments + checkAssigned; here through `hpa ota assign` and
// the library calls.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { OtaRefusal } from '../../host/ota/errors.js';
import { checkAssigned, verifyAssignments } from '../../host/ota/release/director.js';
import { loadTrustedRoot } from '../../host/ota/release/trusted-root.js';
import { goodBundle } from './craft.js';
import { hpa, makeFixture, must, type OtaFixture } from './fixture.js';
import { expectRefusal } from './attack-helpers.js';

let f: OtaFixture;
let signed: string;
const VIN = 'LXMSU7A21R0000001';

const refusal = (fn: () => unknown): string => { try { fn(); return 'none'; } catch (e) { return (e as OtaRefusal).attack; } };

beforeAll(async () => {
  f = await makeFixture();
  const rel = goodBundle(f).bundle.targets.signed.release;
  const list = join(f.tmp, 'assignments.json');
  writeFileSync(list, JSON.stringify([{ vin: VIN, hardwareId: 'XMA7000MBEVR2', version: rel.version, releaseCounter: rel.releaseCounter, sha256: rel.sha256 }]));
  signed = join(f.tmp, 'director.json');
  await must(hpa(['ota', 'assign', list, '--key', f.directorKey, '--director-version', '1', '--out', signed]));
});

describe('director assignments', () => {
  it('a signed assignment verifies and names the image for that VIN', () => {
    const root = loadTrustedRoot(f.root);
    const d = verifyAssignments(JSON.parse(readFileSync(signed, 'utf8')), root, new Date());
    const rel = goodBundle(f).bundle.targets.signed.release;
    expect(checkAssigned(d, VIN, 'XMA7000MBEVR2', rel)).toMatchObject({ vin: VIN, version: '1.1.0' });
    expect(refusal(() => checkAssigned(d, 'LXMSU7A21R0000002', 'XMA7000MBEVR2', rel))).toBe('wrong-assignment');
    expect(refusal(() => checkAssigned(d, VIN, 'BJ7000MBEVR2', rel))).toBe('wrong-assignment');
    expect(refusal(() => checkAssigned(d, VIN, 'XMA7000MBEVR2', { ...rel, releaseCounter: 1 }))).toBe('wrong-assignment');
  });

  it('an assignment signed by the release key (not the director) ⇒ unknown-key; edited ⇒ bad-signature; expired ⇒ freeze', () => {
    const root = loadTrustedRoot(f.root);
    const env = JSON.parse(readFileSync(signed, 'utf8'));
    expect(refusal(() => verifyAssignments({ ...env, signatures: [{ ...env.signatures[0], keyid: 'f'.repeat(64) }] }, root, new Date()))).toBe('unknown-key');
    const edited = structuredClone(env); edited.signed.assignments[0].vin = 'LXMSU7A21R0000009';
    expect(refusal(() => verifyAssignments(edited, root, new Date()))).toBe('bad-signature');
    expect(refusal(() => verifyAssignments(env, root, new Date(Date.now() + 31 * 86_400_000)))).toBe('freeze');
    expect(refusal(() => verifyAssignments(env, root, new Date(), 2))).toBe('rollback');
  });

  it('`hpa ota assign` refuses a VIN that is not ISO 3779 and a 31-day lifetime', async () => {
    const list = join(f.tmp, 'bad-vin.json');
    writeFileSync(list, JSON.stringify([{ vin: 'NOT-A-VIN', hardwareId: 'XMA7000MBEVR2', version: '1.1.0', releaseCounter: 2, sha256: '0'.repeat(64) }]));
    expectRefusal(await hpa(['ota', 'assign', list, '--key', f.directorKey, '--director-version', '1', '--out', join(f.tmp, 'x.json')]), 'malformed');
    expectRefusal(await hpa(['ota', 'assign', join(f.tmp, 'assignments.json'), '--key', f.directorKey, '--director-version', '1', '--expires-days', '31', '--out', join(f.tmp, 'y.json')]), 'bad-expiry');
  });
});
