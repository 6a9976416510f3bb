// What the vehicle remembers of the metadata it accepted (TUF §5.3 – §5.5): the highest
// timestamp and snapshot versions and the root version they were accepted under, sealed in the
// secure store (record `freshness`), never beside the state. A package whose timestamp or
// snapshot is older than these is a replay (`rollback`), however valid its signatures; an
// expired timestamp is a frozen mirror (`freeze`, verify.ts). The root version itself is the
// sealed root's (root-store.ts); this record only refuses a root older than the one it saw.
//
// A floor holds only while the role's keys are the ones that signed it: a root that rotates the
// timestamp (or snapshot) keys resets that floor (TUF §5.3.11), the way out of a fast-forward
// attack by a stolen online key that signed version 2^31-1.
import type { TrustedRoot } from '../release/root.js';
import type { VerifyContext } from '../release/verify.js';
import { isBoundedCounter, SecureStoreError, type SecureStorage } from './secure-store.js';

export const FRESHNESS_RECORD = 'freshness';

export interface RoleFloor { version: number; keyids: string[] }
export interface Freshness { rootVersion: number; timestamp: RoleFloor | null; snapshot: RoleFloor | null }
export type Seen = NonNullable<VerifyContext['seen']>;

const sameKeys = (a: string[], b: string[]) => [...a].sort().join() === [...b].sort().join();

function checkFloor(v: unknown, field: string, where: string): RoleFloor | null {
  if (v === null || v === undefined) return null;
  const f = v as RoleFloor;
  if (!isBoundedCounter(f.version) || !Array.isArray(f.keyids) || !f.keyids.every((k) => typeof k === 'string')) {
    throw new SecureStoreError(`${where}: field "${field}" is not { version: 0 … 2^31-1, keyids: [...] }`);
  }
  return { version: f.version, keyids: f.keyids };
}

/** The sealed record (a fresh device: nothing seen, root v0). Throws `secure-store` on a bad shape. */
export function readFreshness(secure: SecureStorage): Freshness {
  const r = secure.readRecord<Freshness>(FRESHNESS_RECORD);
  if (r === null) return { rootVersion: 0, timestamp: null, snapshot: null };
  const where = `${secure.location} record ${FRESHNESS_RECORD}`;
  if (!r || typeof r !== 'object' || !isBoundedCounter(r.rootVersion)) throw new SecureStoreError(`${where}: field "rootVersion" is not an integer in 0 … 2^31-1`);
  return { rootVersion: r.rootVersion, timestamp: checkFloor(r.timestamp, 'timestamp', where), snapshot: checkFloor(r.snapshot, 'snapshot', where) };
}

/** The floors that apply under `root` (verify.ts `ctx.seen`); refuses a root older than one accepted before. */
export function seenUnder(secure: SecureStorage, root: TrustedRoot): Seen {
  const f = readFreshness(secure);
  if (root.root.version < f.rootVersion) {
    throw new SecureStoreError(`the trusted root is version ${root.root.version}, but this vehicle accepted version ${f.rootVersion}: an old root was put back`);
  }
  return floorsUnder(f, root);
}

/** The floors of a freshness record that hold under `root`: a role whose keys the root rotated has none (§5.3.11). */
export function floorsUnder(f: Freshness, root: TrustedRoot): Seen {
  const roles = root.root.roles;
  return {
    timestampVersion: f.timestamp && sameKeys(f.timestamp.keyids, roles.timestamp.keyids) ? f.timestamp.version : undefined,
    snapshotVersion: f.snapshot && sameKeys(f.snapshot.keyids, roles.snapshot.keyids) ? f.snapshot.version : undefined,
  };
}

/** A freshness record raised to a package's versions accepted under `root` (never lowered). */
export function raisedFreshness(f: Freshness, root: TrustedRoot, versions: { timestamp: number; snapshot: number }): Freshness {
  const seen = floorsUnder(f, root);
  const roles = root.root.roles;
  return {
    rootVersion: Math.max(f.rootVersion, root.root.version),
    timestamp: { version: Math.max(versions.timestamp, seen.timestampVersion ?? 0), keyids: [...roles.timestamp.keyids] },
    snapshot: { version: Math.max(versions.snapshot, seen.snapshotVersion ?? 0), keyids: [...roles.snapshot.keyids] },
  };
}

/** After a package verified under `root`: raise the floors to its versions (never lower them). Returns whether it wrote. */
export function raiseFreshness(secure: SecureStorage, root: TrustedRoot, versions: { timestamp: number; snapshot: number }): boolean {
  seenUnder(secure, root); // refuses an old root first
  const f = readFreshness(secure);
  const next = raisedFreshness(f, root, versions);
  if (JSON.stringify(next) === JSON.stringify(f)) return false;
  secure.writeRecord(FRESHNESS_RECORD, next);
  return true;
}

/** After a root update: the accepted root version rises (the floors stay; seenUnder resets a rotated role's). */
export function raiseRootVersion(secure: SecureStorage, version: number): void {
  const f = readFreshness(secure);
  if (version > f.rootVersion) secure.writeRecord(FRESHNESS_RECORD, { ...f, rootVersion: version });
}
