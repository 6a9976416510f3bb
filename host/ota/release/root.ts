// The root role (TUF §5.3, Uptane "Root"): the vehicle's only trust anchor, shipped at
// manufacture. It lists every key and, per role, which keys sign and how many must. A new root
// is trusted only if its version is exactly one more and a threshold of the OLD root keys and a
// threshold of the NEW root keys signed it (TUF §5.3.4): a stolen release key cannot rotate
// itself in, and a rotation cannot lock out the holders of the new keys.
import { OtaRefusal } from '../errors.js';
import { keyIdOfPem } from './keys.js';
import { checkCounter, checkExpiryAtSigning, parseExpiry, MAX_LIFETIME_DAYS } from './limits.js';
import { checkRole, isEnvelope, type KeyTable, type RoleKeys, type Signed } from './signed.js';

/** Every role a root names. `evidence` is the regression gate, `director` the campaign server. */
export const ROLES = ['root', 'targets', 'snapshot', 'timestamp', 'evidence', 'director'] as const;
export type RoleName = (typeof ROLES)[number];

export interface RootMetadata {
  _type: 'hpa-root';
  version: number;
  expires: string;
  keys: KeyTable;
  roles: Record<RoleName, RoleKeys>;
}

/** A root the vehicle has accepted; `bytes` are the canonical file it was read from. */
export interface TrustedRoot { root: RootMetadata; envelope: Signed<RootMetadata> }

function fail(detail: string): never { throw new OtaRefusal('bad-root', detail); }

/** Shape of a root: every role present, thresholds ≥ 1 and reachable, key ids that are the keys' own. */
export function checkRootShape(env: unknown, what = 'root'): Signed<RootMetadata> {
  if (!isEnvelope(env)) fail(`${what}: not a signed metadata file ({ "signed": …, "signatures": [...] })`);
  const r = env.signed as Partial<RootMetadata>;
  if (r._type !== 'hpa-root') fail(`${what}: _type "${String(r._type)}" is not hpa-root`);
  try { checkCounter(r.version, `${what} version`); } catch (e) { fail((e as Error).message); }
  if (r.version === 0) fail(`${what}: version 0 (versions start at 1)`);
  parseExpiry(r.expires, what);
  if (!r.keys || typeof r.keys !== 'object') fail(`${what}: "keys" missing`);
  for (const [id, k] of Object.entries(r.keys)) {
    if (!k || k.keytype !== 'ed25519' || typeof k.public !== 'string') fail(`${what}: key ${id.slice(0, 16)}… is not an ed25519 key`);
    // A root entry that keeps a known id but swaps in another public key is refused here.
    if (keyIdOfPem(k.public) !== id) fail(`${what}: key id ${id.slice(0, 16)}… is not the SHA-256 of the public key it lists`);
  }
  if (!r.roles || typeof r.roles !== 'object') fail(`${what}: "roles" missing`);
  for (const name of ROLES) {
    const role = r.roles[name];
    if (!role || !Array.isArray(role.keyids) || role.keyids.length === 0) fail(`${what}: role ${name} lists no keys`);
    if (!Number.isSafeInteger(role.threshold) || role.threshold < 1 || role.threshold > new Set(role.keyids).size) {
      fail(`${what}: role ${name} threshold ${role.threshold} is not in 1 … ${new Set(role.keyids).size}`);
    }
    for (const id of role.keyids) if (!r.keys[id]) fail(`${what}: role ${name} names key ${String(id).slice(0, 16)}…, which "keys" does not list`);
  }
  return env as unknown as Signed<RootMetadata>;
}

/** Runs checkRole and turns its refusal into bad-root (the root's own signatures are a root matter). */
function checkRootRole(env: Signed<RootMetadata>, by: RootMetadata, what: string): void {
  try { checkRole(env, 'root', by.roles.root, by.keys, what); } catch (e) { fail((e as Error).message); }
}

/** A root at manufacture: well formed and signed by a threshold of its own root keys. */
export function trustRootAtManufacture(env: unknown): TrustedRoot {
  const root = checkRootShape(env, 'root');
  checkRootRole(root, root.signed, `root v${root.signed.version}`);
  return { root: root.signed, envelope: root };
}

/**
 * Applies a root update to a trusted root (TUF §5.3.4 – §5.3.5): version exactly +1, signed
 * by a threshold of the trusted root's root keys and of the new root's root keys.
 */
export function applyRootUpdate(trusted: TrustedRoot, update: unknown): TrustedRoot {
  const next = checkRootShape(update, 'root update');
  const v = trusted.root.version;
  if (next.signed.version !== v + 1) {
    throw new OtaRefusal(next.signed.version <= v ? 'rollback' : 'bad-root', `root update is version ${next.signed.version}; the trusted root is version ${v}, so only ${v + 1} applies`);
  }
  checkRootRole(next, trusted.root, `root v${v + 1} (by the keys of v${v})`);
  checkRootRole(next, next.signed, `root v${v + 1} (by its own keys)`);
  return { root: next.signed, envelope: next };
}

export interface RootDraft { version: number; expires: Date; keys: Record<RoleName, string[]>; thresholds?: Partial<Record<RoleName, number>> }

/** The unsigned root metadata for the given public keys (PEM) per role. */
export function buildRoot(d: RootDraft, now = new Date()): RootMetadata {
  checkCounter(d.version, 'root version');
  checkExpiryAtSigning('root', d.expires, now);
  const keys: KeyTable = {};
  const roles = {} as Record<RoleName, RoleKeys>;
  for (const name of ROLES) {
    const pems = d.keys[name] ?? [];
    if (pems.length === 0) fail(`role ${name} needs at least one public key`);
    const ids = pems.map((pem) => {
      const id = keyIdOfPem(pem);
      if (!id) fail(`role ${name}: not an Ed25519 public key`);
      keys[id] = { keytype: 'ed25519', public: pem };
      return id;
    });
    roles[name] = { keyids: [...new Set(ids)], threshold: d.thresholds?.[name] ?? 1 };
  }
  const root: RootMetadata = { _type: 'hpa-root', version: d.version, expires: d.expires.toISOString(), keys, roles };
  checkRootShape({ signed: root, signatures: [] }, 'new root');
  return root;
}

export const ROOT_MAX_DAYS = MAX_LIFETIME_DAYS.root;
