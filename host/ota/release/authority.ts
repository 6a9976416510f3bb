// Key ceremony helpers: a fresh set of role keys and the first root (the manufacturer's
// `hpa ota init-root`), and building / signing later roots (`hpa ota root …`) for rotation.
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { chmodSync, writeFileSync } from 'node:fs';
import { makeDirs } from '../../util/make-dirs.js';
import { join } from 'node:path';
import { generateKey, loadPrivateKey, loadPublicKeyPem } from './keys.js';
import { daysFrom, MAX_LIFETIME_DAYS } from './limits.js';
import { buildRoot, ROLES, trustRootAtManufacture, type RoleName, type RootMetadata, type TrustedRoot } from './root.js';
import { addSignatures, signEnvelope, type Signed } from './signed.js';

export interface Authority { dir: string; root: TrustedRoot; rootPath: string; key: (role: RoleName, i?: number) => string; pub: (role: RoleName, i?: number) => string }

/** Writes <dir>/<role>[-i].key / .pub (private keys mode 0600). */
export function writeKeyPair(prefix: string): { keyId: string; key: string; pub: string } {
  const k = generateKey();
  writeFileSync(`${prefix}.key`, k.privateKeyPem, { mode: 0o600 });
  chmodSync(`${prefix}.key`, 0o600);
  writeFileSync(`${prefix}.pub`, k.publicKeyPem);
  return { keyId: k.keyId, key: `${prefix}.key`, pub: `${prefix}.pub` };
}

/**
 * One key per role (`rootKeys` root keys, threshold `rootThreshold`) and root v1 signed by the
 * root keys: the manufacturer's starting point. Returns the paths.
 */
export function createAuthority(dir: string, o: { rootKeys?: number; rootThreshold?: number; now?: Date; expiresDays?: number } = {}): Authority {
  makeDirs(dir);
  const now = o.now ?? new Date();
  const name = (role: RoleName, i = 0) => join(dir, i === 0 ? role : `${role}-${i}`);
  const pems = {} as Record<RoleName, string[]>;
  for (const role of ROLES) {
    const n = role === 'root' ? o.rootKeys ?? 1 : 1;
    pems[role] = Array.from({ length: n }, (_, i) => loadPublicKeyPem(writeKeyPair(name(role, i)).pub));
  }
  const root = buildRoot({ version: 1, expires: daysFrom(now, o.expiresDays ?? MAX_LIFETIME_DAYS.root), keys: pems, thresholds: { root: o.rootThreshold ?? 1 } }, now);
  const env = signEnvelope(root, pems.root.map((_, i) => loadPrivateKey(`${name('root', i)}.key`)));
  const rootPath = join(dir, 'root.json');
  writeFileSync(rootPath, JSON.stringify(env, null, 2) + '\n');
  return { dir, root: trustRootAtManufacture(env), rootPath, key: (r, i) => `${name(r, i)}.key`, pub: (r, i) => `${name(r, i)}.pub` };
}

/** The next root: the previous one with some roles' keys replaced, version + 1, unsigned. */
export function nextRoot(prev: RootMetadata, o: { replace: Partial<Record<RoleName, string[]>>; thresholds?: Partial<Record<RoleName, number>>; expires: Date; now?: Date }): Signed<RootMetadata> {
  const keys = {} as Record<RoleName, string[]>;
  const thresholds = {} as Record<RoleName, number>;
  for (const role of ROLES) {
    keys[role] = o.replace[role] ?? prev.roles[role].keyids.map((id) => prev.keys[id].public);
    thresholds[role] = o.thresholds?.[role] ?? (o.replace[role] ? Math.min(prev.roles[role].threshold, o.replace[role]!.length) : prev.roles[role].threshold);
  }
  return { signed: buildRoot({ version: prev.version + 1, expires: o.expires, keys, thresholds }, o.now), signatures: [] };
}

export const signRootWith = (env: Signed<RootMetadata>, keyPaths: string[]): Signed<RootMetadata> => addSignatures(env, keyPaths.map(loadPrivateKey));

export interface MemoryAuthority { keys: Record<RoleName, KeyObject>; root: TrustedRoot }

/** The same in memory (benchmarks, tests that build packages with library calls). */
export function memoryAuthority(now = new Date()): MemoryAuthority {
  const keys = {} as Record<RoleName, KeyObject>;
  const pems = {} as Record<RoleName, string[]>;
  for (const role of ROLES) {
    const k = generateKey();
    keys[role] = createPrivateKey(k.privateKeyPem);
    pems[role] = [k.publicKeyPem];
  }
  const root = buildRoot({ version: 1, expires: daysFrom(now, MAX_LIFETIME_DAYS.root), keys: pems }, now);
  return { keys, root: trustRootAtManufacture(signEnvelope(root, [keys.root])) };
}
