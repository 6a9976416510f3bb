// Builds packages an insider got wrong, with the library's own signing calls and the fixture's
// real role keys: the bytes change, the signatures are valid for what they sign.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sha256Hex } from '../../host/ecu/firmware.js';
import { loadPrivateKey } from '../../host/ota/release/keys.js';
import { decodePackage, encodePackage, metaSha256, signBundle, type MetadataBundle, type ReleaseInfo } from '../../host/ota/release/package.js';
import type { RegressionReport } from '../../host/ota/release/report.js';
import { signEnvelope } from '../../host/ota/release/signed.js';
import { cloneDevice, must, pack, write, type OtaFixture } from './fixture.js';

export interface CraftOptions {
  release?: Partial<ReleaseInfo>;
  image?: Uint8Array;
  /** Change the evidence report (re-signed with the gate key unless evidenceKey says otherwise). */
  evidence?: (r: RegressionReport) => RegressionReport;
  evidenceKey?: string;
  targetsKey?: string;
  targetsExpires?: Date;
  now?: Date;
  /** Last-minute edit of the bundle after signing (a tamperer without keys). */
  after?: (b: MetadataBundle) => void;
  trailer?: Uint8Array;
}

export const goodBundle = (f: OtaFixture) => decodePackage(new Uint8Array(readFileSync(f.good)));

export function craft(f: OtaFixture, name: string, o: CraftOptions): string {
  const good = goodBundle(f);
  const image = o.image ?? good.payload;
  const report = (o.evidence ?? ((r) => r))(structuredClone(good.bundle.evidence.signed));
  const evidence = signEnvelope(report, [loadPrivateKey(o.evidenceKey ?? f.evidenceKey)]);
  const release: ReleaseInfo = { ...good.bundle.targets.signed.release, length: image.length, sha256: sha256Hex(image), evidenceSha256: metaSha256(report), ...o.release };
  const bundle = signBundle({
    release, evidence, now: o.now, targetsExpires: o.targetsExpires ?? new Date((o.now ?? new Date()).getTime() + 30 * 86_400_000),
    keys: { targets: [loadPrivateKey(o.targetsKey ?? f.key)], snapshot: [loadPrivateKey(f.snapshotKey)], timestamp: [loadPrivateKey(f.timestampKey)] },
  });
  o.after?.(bundle);
  const bytes = encodePackage(bundle, image);
  return write(join(f.tmp, `${name}.hpa`), o.trailer ? Buffer.concat([bytes, o.trailer]) : bytes);
}

/**
 * Re-signs a bundle after editing its signed parts, with NO bound checks (what a holder of the
 * real keys could sign by hand): targets, then the snapshot pinning it, then the timestamp.
 */
export function resignRaw(f: OtaFixture, b: MetadataBundle, edit: { targets?: (t: MetadataBundle['targets']['signed']) => void; snapshot?: (s: MetadataBundle['snapshot']['signed']) => void; timestamp?: (s: MetadataBundle['timestamp']['signed']) => void }): MetadataBundle {
  const k = (p: string) => [loadPrivateKey(p)];
  const t = structuredClone(b.targets.signed); edit.targets?.(t);
  const targets = signEnvelope(t, k(f.key));
  const s = structuredClone(b.snapshot.signed); s.targets = { version: t.version, sha256: metaSha256(t) }; edit.snapshot?.(s);
  const snapshot = signEnvelope(s, k(f.snapshotKey));
  const ts = structuredClone(b.timestamp.signed); ts.snapshot = { version: s.version, sha256: metaSha256(s) }; edit.timestamp?.(ts);
  return { ...b, targets, snapshot, timestamp: signEnvelope(ts, k(f.timestampKey)) };
}

export function writeBundle(f: OtaFixture, name: string, b: MetadataBundle, image: Uint8Array): string {
  return write(join(f.tmp, `${name}.hpa`), encodePackage(b, image));
}

/** The timestamp and snapshot versions a package carries. */
export const metadataVersions = (pkg: string) => { const b = decodePackage(new Uint8Array(readFileSync(pkg))).bundle; return { timestamp: b.timestamp.signed.version, snapshot: b.snapshot.signed.version }; };

/** The same release #2 as f.good, signed an hour earlier: every signature valid, nothing expired, older timestamp and snapshot versions. */
export async function packOlder(f: OtaFixture): Promise<string> {
  const older = join(f.tmp, 'older.hpa');
  await must(pack(f, f.fw110, older, { counter: 2, now: new Date(Date.now() - 3_600_000).toISOString() }));
  return older;
}

/** A copy of a device or fleet directory (with its secure store partition) under the fixture's temp folder. */
export function copyDir(f: OtaFixture, from: string, name: string): string {
  const dir = join(f.tmp, name);
  cloneDevice(from, dir);
  return dir;
}
