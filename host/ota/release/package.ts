// The release package: one file holding the signed metadata of every role the vehicle needs
// and the exact firmware bytes.
//
//   "HPAOTA02" | u32 metaLen (≤ MAX_METADATA_BYTES) | metadata: JSON { timestamp, snapshot,
//   targets, evidence }, each a signed envelope | firmware image (length and SHA-256 signed in
//   targets; nothing after it)
//
// timestamp → snapshot → targets/evidence is TUF's chain (§5.4 – §5.6): the timestamp (short
// expiry, online key) pins the snapshot's hash, the snapshot pins the targets' and evidence's
// hashes, targets sign the image. Formats: docs/ota.md.
import type { KeyObject } from 'node:crypto';
import { createHash } from 'node:crypto';
import type { Category, References } from './categories.js';
import { checkCounter, checkExpiryAtSigning, daysFrom, MAX_LIFETIME_DAYS } from './limits.js';
import type { RegressionReport } from './report.js';
import { canonicalJson, signEnvelope, type Signed } from './signed.js';

export { canonicalJson } from './signed.js';

export const MAGIC = Buffer.from('HPAOTA02');
export const HEADER_BYTES = MAGIC.length + 4;

/** What the release manager signs about the image (the targets role's custom field). */
export interface ReleaseInfo {
  version: string;
  releaseCounter: number;
  abiVersion: number;
  abiHash: string;
  stateLayoutVersion: number;
  hardwareIds: string[];
  length: number;
  sha256: string;
  category: Category;
  references: References;
  /** SHA-256 of the canonical evidence report (the `signed` part of the evidence envelope). */
  evidenceSha256: string;
  createdAt: string;
}

export interface TargetsMetadata { _type: 'hpa-targets'; version: number; expires: string; release: ReleaseInfo }
export interface SnapshotMetadata { _type: 'hpa-snapshot'; version: number; expires: string; targets: { version: number; sha256: string }; evidence: { sha256: string } }
export interface TimestampMetadata { _type: 'hpa-timestamp'; version: number; expires: string; snapshot: { version: number; sha256: string } }

export interface MetadataBundle {
  timestamp: Signed<TimestampMetadata>;
  snapshot: Signed<SnapshotMetadata>;
  targets: Signed<TargetsMetadata>;
  evidence: Signed<RegressionReport>;
}

/** The hash one role pins of another: SHA-256 of the canonical `signed` part. */
export const metaSha256 = (signed: unknown): string => createHash('sha256').update(canonicalJson(signed)).digest('hex');

export interface SigningKeys { targets: KeyObject[]; snapshot: KeyObject[]; timestamp: KeyObject[] }

export interface SignOptions {
  release: ReleaseInfo;
  evidence: Signed<RegressionReport>;
  keys: SigningKeys;
  targetsExpires: Date;
  now?: Date;
  /** Snapshot / timestamp versions; default: seconds since 2025-01-01 (rises with every signing). */
  metaVersion?: number;
}

export const defaultMetaVersion = (now: Date): number => Math.max(1, Math.floor((now.getTime() - Date.UTC(2025, 0, 1)) / 1000));

/** Signs targets, snapshot and timestamp for a release; every bound is checked first. */
export function signBundle(o: SignOptions): MetadataBundle {
  const now = o.now ?? new Date();
  checkCounter(o.release.releaseCounter, 'release counter');
  checkExpiryAtSigning('targets', o.targetsExpires, now);
  const metaVersion = checkCounter(o.metaVersion ?? defaultMetaVersion(now), 'metadata version');
  const targets = signEnvelope<TargetsMetadata>({ _type: 'hpa-targets', version: o.release.releaseCounter, expires: o.targetsExpires.toISOString(), release: o.release }, o.keys.targets);
  const snapExpires = new Date(Math.min(o.targetsExpires.getTime(), daysFrom(now, MAX_LIFETIME_DAYS.snapshot).getTime()));
  const snapshot = signEnvelope<SnapshotMetadata>({
    _type: 'hpa-snapshot', version: metaVersion, expires: snapExpires.toISOString(),
    targets: { version: targets.signed.version, sha256: metaSha256(targets.signed) }, evidence: { sha256: metaSha256(o.evidence.signed) },
  }, o.keys.snapshot);
  return { timestamp: signTimestamp(snapshot, o.keys.timestamp, now, metaVersion), snapshot, targets, evidence: o.evidence };
}

/** A fresh timestamp over a snapshot: what a mirror's online key re-signs every day. */
export function signTimestamp(snapshot: Signed<SnapshotMetadata>, keys: KeyObject[], now: Date, version: number): Signed<TimestampMetadata> {
  const expires = new Date(Math.min(daysFrom(now, MAX_LIFETIME_DAYS.timestamp).getTime(), Date.parse(snapshot.signed.expires)));
  checkExpiryAtSigning('timestamp', expires, now);
  return signEnvelope<TimestampMetadata>({ _type: 'hpa-timestamp', version: checkCounter(version, 'timestamp version'), expires: expires.toISOString(), snapshot: { version: snapshot.signed.version, sha256: metaSha256(snapshot.signed) } }, keys);
}

export function encodePackage(bundle: MetadataBundle, image: Uint8Array): Buffer {
  const meta = Buffer.from(JSON.stringify(bundle));
  const len = Buffer.alloc(4);
  len.writeUInt32BE(meta.length);
  return Buffer.concat([MAGIC, len, meta, image]);
}

/** Splits a package held in memory (tests and tools; the vehicle reads with source.ts). */
export function decodePackage(file: Uint8Array): { bundle: MetadataBundle; payload: Buffer } {
  const buf = Buffer.from(file.buffer, file.byteOffset, file.byteLength);
  const n = buf.readUInt32BE(MAGIC.length);
  return { bundle: JSON.parse(buf.subarray(HEADER_BYTES, HEADER_BYTES + n).toString('utf8')) as MetadataBundle, payload: buf.subarray(HEADER_BYTES + n) };
}

export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number), pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}
