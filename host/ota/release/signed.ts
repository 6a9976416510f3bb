// The signed envelope every metadata file uses, as in TUF §4.2: `{ signed, signatures }`, the
// signatures over the canonical JSON of `signed`. A role is satisfied when at least `threshold`
// distinct keys of that role made a valid signature (TUF §5.3.4, §5.4.2 …).
import type { KeyObject } from 'node:crypto';
import { OtaRefusal } from '../errors.js';
import { keyIdOf, signBytes, verifyBytes } from './keys.js';

export interface Signature { keyid: string; sig: string }
export interface Signed<T> { signed: T; signatures: Signature[] }

/** A role as the root declares it: which keys may sign for it, and how many must. */
export interface RoleKeys { keyids: string[]; threshold: number }
export type KeyTable = Record<string, { keytype: 'ed25519'; public: string }>;

/** Canonical JSON: keys sorted, no whitespace — the exact bytes that are signed. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function signEnvelope<T>(signed: T, keys: KeyObject[]): Signed<T> {
  const bytes = Buffer.from(canonicalJson(signed));
  return { signed, signatures: keys.map((k) => ({ keyid: keyIdOf(k), sig: signBytes(bytes, k).toString('hex') })) };
}

/** Adds signatures to an envelope (a threshold of holders sign one after the other). */
export function addSignatures<T>(env: Signed<T>, keys: KeyObject[]): Signed<T> {
  const extra = signEnvelope(env.signed, keys).signatures;
  const have = new Set(env.signatures.map((s) => s.keyid));
  return { signed: env.signed, signatures: [...env.signatures, ...extra.filter((s) => !have.has(s.keyid))] };
}

export function isEnvelope(v: unknown): v is Signed<Record<string, unknown>> {
  const e = v as Signed<unknown>;
  return !!e && typeof e === 'object' && !!e.signed && typeof e.signed === 'object' && Array.isArray(e.signatures)
    && e.signatures.every((s) => s && typeof s.keyid === 'string' && typeof s.sig === 'string');
}

/**
 * Checks that `role` is satisfied. No signature by any key of the role ⇒ unknown-key; a
 * signature by a role key that does not verify ⇒ bad-signature; valid ones below the
 * threshold ⇒ threshold. Returns the key ids that signed validly.
 */
export function checkRole(env: Signed<unknown>, roleName: string, role: RoleKeys, keys: KeyTable, what = roleName): string[] {
  const bytes = Buffer.from(canonicalJson(env.signed));
  const ofRole = env.signatures.filter((s) => role.keyids.includes(s.keyid) && keys[s.keyid]);
  if (ofRole.length === 0) {
    const ids = env.signatures.map((s) => `${s.keyid.slice(0, 16)}…`).join(', ') || 'no key';
    throw new OtaRefusal('unknown-key', `${what} signed by ${ids}, none of which the trusted root lists for the ${roleName} role`);
  }
  const valid = new Set<string>();
  for (const s of ofRole) {
    if (!/^[0-9a-f]{128}$/.test(s.sig) || !verifyBytes(bytes, Buffer.from(s.sig, 'hex'), keys[s.keyid].public)) {
      throw new OtaRefusal('bad-signature', `${what}: the signature by ${s.keyid.slice(0, 16)}… does not match the metadata`);
    }
    valid.add(s.keyid);
  }
  if (valid.size < role.threshold) throw new OtaRefusal('threshold', `${what} carries ${valid.size} valid ${roleName} signature(s); the root requires ${role.threshold}`);
  return [...valid];
}
