// The ECU's secure storage: the stand-in for an HSM or an eMMC RPMB partition. What it offers the
// updater is exactly what such hardware offers: sealed records (an HMAC under a key that never
// leaves the store), one monotonic counter that only ever rises, and a signing key for the
// device's own reports. An attacker who owns the state directory owns none of these.
//
// The file-backed simulation keeps one partition per state directory under $HPA_SECURE_DIR
// (default ~/.hpa/secure), never inside the state directory:
//   <secure>/<id>/mac.key          32 random bytes: the sealing key
//   <secure>/<id>/device-key.pem   Ed25519: signs the audit log
//   <secure>/<id>/counter.json     { value, mac }: the anti-rollback counter
//   <secure>/<id>/record-<name>.json  { value, mac }: sealed records (the state, the audit anchor)
// <id> is derived from the state directory's real path, so two devices never share a partition.
import { createHash, createHmac, createPrivateKey, createPublicKey, randomBytes, sign, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { makeDirs } from '../../util/make-dirs.js';
import { homedir } from 'node:os';
import { join, relative, resolve, isAbsolute } from 'node:path';
import { writeFileAtomic } from './atomic.js';
import { OtaError } from '../errors.js';
import { generateKey } from '../release/keys.js';
import { canonicalJson } from '../release/package.js';

/** RPMB's write counter is 32 bits; a release counter above this is refused, never wrapped. */
export const MAX_COUNTER = 2 ** 31 - 1;

export const isBoundedCounter = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 && n <= MAX_COUNTER;

/** What the updater may ask of secure hardware. Nothing else crosses this line. */
export interface SecureStorage {
  readonly location: string;
  /** HMAC-SHA256 (hex) under the store's sealing key. */
  mac(data: string): string;
  /** A sealed record, checked; null if it was never written. Throws `secure-store` if its seal is broken. */
  readRecord<T>(name: string): T | null;
  writeRecord(name: string, value: unknown): void;
  /** The anti-rollback counter (0 on a fresh store). */
  counter(): number;
  /** Raises the counter to `to`; a lower value leaves it where it is. Returns the counter. */
  raiseCounter(to: number): number;
  /** Signs with the device key (Ed25519). */
  sign(data: Uint8Array): Buffer;
  publicKeyPem(): string;
}

export class SecureStoreError extends OtaError {
  constructor(message: string) { super('secure-store', message, 33); }
}

export function secureRoot(): string {
  return resolve(process.env.HPA_SECURE_DIR ?? join(homedir(), '.hpa', 'secure'));
}

/** Creates a state directory if needed; a path that is a file or a device is refused by name, not with a stack trace. */
export function ensureStateDir(dir: string): string {
  try { makeDirs(dir); } catch (e) {
    throw new OtaError('bad-dir', `${dir}: not usable as an OTA state directory (${(e as NodeJS.ErrnoException).code === 'EEXIST' ? 'a file, not a directory' : (e as NodeJS.ErrnoException).code})`, 2);
  }
  return dir;
}

/** The partition of one state directory (created if needed, so its real path is stable). */
export function securePartitionFor(stateDir: string, root = secureRoot()): string {
  ensureStateDir(stateDir);
  const real = realpathSync(stateDir);
  const rel = relative(real, root);
  if (rel === '' || (!rel.startsWith('..') && !isAbsolute(rel))) {
    throw new SecureStoreError(`the secure store ${root} lies inside the state directory ${real}: its key would sit beside the state (set HPA_SECURE_DIR elsewhere)`);
  }
  return join(root, createHash('sha256').update(real).digest('hex').slice(0, 16));
}

export class FileSecureStore implements SecureStorage {
  private readonly key: Buffer;
  private deviceKey: string | null = null;

  private constructor(readonly location: string) {
    this.key = readFileSync(join(location, 'mac.key'));
    if (this.key.length !== 32) throw new SecureStoreError(`${join(location, 'mac.key')}: sealing key is ${this.key.length} B, expected 32`);
  }

  static isProvisioned(location: string): boolean { return existsSync(join(location, 'mac.key')); }

  /** Opens a provisioned partition; throws `secure-store` if there is none. */
  static open(location: string): FileSecureStore {
    if (!FileSecureStore.isProvisioned(location)) throw new SecureStoreError(`no secure store at ${location}`);
    return new FileSecureStore(location);
  }

  /** Factory provisioning: a new sealing key and device key. Refuses to overwrite a provisioned partition. */
  static provision(location: string): FileSecureStore {
    if (FileSecureStore.isProvisioned(location)) throw new SecureStoreError(`secure store ${location} is already provisioned`);
    makeDirs(location, 0o700);
    writeFileAtomic(join(location, 'device-key.pem'), generateKey().privateKeyPem);
    writeFileAtomic(join(location, 'mac.key'), randomBytes(32)); // written last: the commit point of provisioning
    return new FileSecureStore(location);
  }

  mac(data: string): string { return createHmac('sha256', this.key).update(data).digest('hex'); }

  private sealedPath(name: string): string {
    if (!/^[a-z][a-z0-9-]{0,40}$/.test(name)) throw new SecureStoreError(`record name "${name}" is not a plain name`);
    return join(this.location, `${name}.json`);
  }

  private readSealed<T>(name: string): T | null {
    const path = this.sealedPath(name);
    if (!existsSync(path)) return null;
    let parsed: { value: T; mac: string };
    try { parsed = JSON.parse(readFileSync(path, 'utf8')); } catch { throw new SecureStoreError(`${path}: not JSON`); }
    const expected = Buffer.from(this.mac(canonicalJson(parsed?.value ?? null)), 'hex');
    const got = Buffer.from(String(parsed?.mac ?? ''), 'hex');
    if (got.length !== expected.length || !timingSafeEqual(got, expected)) throw new SecureStoreError(`${path}: seal broken`);
    return parsed.value;
  }

  private writeSealed(name: string, value: unknown): void {
    const plain = JSON.parse(JSON.stringify(value)) as unknown; // drop undefined fields: the sealed bytes are the stored bytes
    writeFileAtomic(this.sealedPath(name), JSON.stringify({ value: plain, mac: this.mac(canonicalJson(plain)) }) + '\n');
  }

  readRecord<T>(name: string): T | null { return this.readSealed<T>(`record-${name}`); }
  writeRecord(name: string, value: unknown): void { this.writeSealed(`record-${name}`, value); }

  counter(): number {
    const value = this.readSealed<number>('counter') ?? 0;
    if (!isBoundedCounter(value)) throw new SecureStoreError(`${this.sealedPath('counter')}: counter ${value} is not an integer in 0 … ${MAX_COUNTER}`);
    return value;
  }

  raiseCounter(to: number): number {
    if (!isBoundedCounter(to)) throw new SecureStoreError(`counter value ${to} is not an integer in 0 … ${MAX_COUNTER}`);
    const now = this.counter();
    if (to <= now) return now;
    this.writeSealed('counter', to);
    return to;
  }

  private pem(): string {
    this.deviceKey ??= readFileSync(join(this.location, 'device-key.pem'), 'utf8');
    return this.deviceKey;
  }

  sign(data: Uint8Array): Buffer { return sign(null, data, createPrivateKey(this.pem())); }
  publicKeyPem(): string { return createPublicKey(createPrivateKey(this.pem())).export({ format: 'pem', type: 'spki' }).toString(); }
}
