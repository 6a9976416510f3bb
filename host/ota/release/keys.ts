// Ed25519 signing keys (node:crypto) and the trust config: the set of public keys a vehicle
// accepts release metadata from. Key ids are the SHA-256 of the raw public key, as in Uptane.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { OtaError } from '../errors.js';
import { writeFileAtomic } from '../device/atomic.js';

export interface TrustedKey { keyId: string; publicKeyPem: string; role: string }
export interface TrustConfig { keys: TrustedKey[] }

export function keyIdOf(key: KeyObject): string {
  const pub = key.type === 'public' ? key : createPublicKey(key);
  const raw = pub.export({ format: 'jwk' }).x as string;
  return createHash('sha256').update(Buffer.from(raw, 'base64url')).digest('hex');
}

export interface GeneratedKey { keyId: string; privateKeyPem: string; publicKeyPem: string }

export function generateKey(): GeneratedKey {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    keyId: keyIdOf(publicKey),
    privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    publicKeyPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
  };
}

export function loadPrivateKey(path: string): KeyObject {
  if (!existsSync(path)) throw new OtaError('no-key', `private key not found: ${path}`);
  return createPrivateKey(readFileSync(path));
}

export const signBytes = (data: Uint8Array, key: KeyObject): Buffer => sign(null, data, key);
export const verifyBytes = (data: Uint8Array, signature: Uint8Array, publicKeyPem: string): boolean =>
  verify(null, data, createPublicKey(publicKeyPem), signature);

export function loadTrust(path: string): TrustConfig {
  if (!existsSync(path)) return { keys: [] };
  const config = JSON.parse(readFileSync(path, 'utf8')) as TrustConfig;
  if (!Array.isArray(config.keys)) throw new OtaError('bad-trust', `${path}: expected { "keys": [...] }`);
  return config;
}

/** Adds a public key to a trust config (idempotent). */
export function trustKey(path: string, publicKeyPem: string, role = 'release'): TrustedKey {
  const config = loadTrust(path);
  const keyId = keyIdOf(createPublicKey(publicKeyPem));
  if (!config.keys.some((k) => k.keyId === keyId)) config.keys.push({ keyId, publicKeyPem, role });
  mkdirSync(dirname(path), { recursive: true });
  writeFileAtomic(path, JSON.stringify(config, null, 2) + '\n');
  return { keyId, publicKeyPem, role };
}
