// The mirror's daily job: re-sign the timestamp (and, when it nears its 7 days, the snapshot)
// of a package whose targets are still valid, so the vehicles' freeze check keeps passing for a
// release that is current, and fails within a day for a mirror that stops doing this.
import { writeFileSync } from 'node:fs';
import { OtaRefusal } from '../errors.js';
import { loadPrivateKey } from './keys.js';
import { checkExpiryAtSigning, daysFrom, MAX_LIFETIME_DAYS } from './limits.js';
import { defaultMetaVersion, encodePackage, signTimestamp, type MetadataBundle, type SnapshotMetadata } from './package.js';
import { signEnvelope } from './signed.js';
import { openPackageFile, readMetadataSection } from './source.js';

export interface RefreshOptions { timestampKeys: string[]; snapshotKeys?: string[]; out: string; now?: Date }

export function refreshPackage(path: string, o: RefreshOptions): { timestampExpires: string; snapshotExpires: string } {
  const now = o.now ?? new Date();
  const src = openPackageFile(path);
  let bundle: MetadataBundle;
  let image: Buffer;
  try {
    const { metaBytes, imageOffset } = readMetadataSection(src);
    try { bundle = JSON.parse(metaBytes.toString('utf8')) as MetadataBundle; } catch { throw new OtaRefusal('malformed', `${path}: metadata section is not JSON`); }
    image = src.read(imageOffset, src.size - imageOffset);
  } finally { src.close(); }
  const version = defaultMetaVersion(now);
  let snapshot = bundle.snapshot;
  if (o.snapshotKeys?.length) {
    const expires = new Date(Math.min(Date.parse(bundle.targets.signed.expires), daysFrom(now, MAX_LIFETIME_DAYS.snapshot).getTime()));
    checkExpiryAtSigning('snapshot', expires, now);
    snapshot = signEnvelope<SnapshotMetadata>({ ...snapshot.signed, version, expires: expires.toISOString() }, o.snapshotKeys.map(loadPrivateKey));
  }
  const timestamp = signTimestamp(snapshot, o.timestampKeys.map(loadPrivateKey), now, version);
  writeFileSync(o.out, encodePackage({ ...bundle, snapshot, timestamp }, image));
  return { timestampExpires: timestamp.signed.expires, snapshotExpires: snapshot.signed.expires };
}
