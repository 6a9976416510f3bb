// Ed25519 keys (node:crypto). A key id is the SHA-256 of the raw 32-byte public key, as in
// Uptane, so an id can always be recomputed from the key it names: a root entry that keeps a
// known id but carries another public key is refused (root.ts).
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { OtaError } from '../errors.js';

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
  try { return createPrivateKey(readFileSync(path)); } catch { throw new OtaError('bad-key', `${path}: not a PEM private key`); }
}

export function loadPublicKeyPem(path: string): string {
  if (!existsSync(path)) throw new OtaError('no-key', `public key not found: ${path}`);
  const pem = readFileSync(path, 'utf8');
  try { createPublicKey(pem); } catch { throw new OtaError('bad-key', `${path}: not a PEM public key`); }
  return pem;
}

/** The key id of a PEM public key, or null when the PEM is not an Ed25519 public key. */
export function keyIdOfPem(publicKeyPem: string): string | null {
  try {
    const key = createPublicKey(publicKeyPem);
    return key.asymmetricKeyType === 'ed25519' ? keyIdOf(key) : null;
  } catch { return null; }
}

export const signBytes = (data: Uint8Array, key: KeyObject): Buffer => sign(null, data, key);
export function verifyBytes(data: Uint8Array, signature: Uint8Array, publicKeyPem: string): boolean {
  try { return verify(null, data, createPublicKey(publicKeyPem), signature); } catch { return false; }
}
