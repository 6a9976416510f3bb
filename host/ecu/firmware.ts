// Where built firmware lives and what the manifest says about it.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), existsSync(fileURLToPath(new URL('../../package.json', import.meta.url))) ? '../..' : '../../..');
export const FIRMWARE_DIR = join(PROJECT_ROOT, 'build/firmware');

export interface FirmwareInfo {
  version: string;
  build: 'release' | 'debug' | 'external';
  file: string;
  sha256: string;
  bytes: number;
  features: string[];
}

export interface FirmwareImage { info: FirmwareInfo; bytes: Uint8Array<ArrayBuffer>; path: string }

export class FirmwareNotFoundError extends Error {}

export function listFirmware(): FirmwareInfo[] {
  const manifest = join(FIRMWARE_DIR, 'manifest.json');
  if (!existsSync(manifest)) return [];
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { firmware: FirmwareInfo[] }).firmware;
}

export const sha256Hex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** A version ("1.1.0", "1.1.0-debug") from the build, or a path to any .wasm file. */
export function resolveFirmware(ref: string): FirmwareImage {
  if (ref.endsWith('.wasm')) {
    if (!existsSync(ref)) throw new FirmwareNotFoundError(`firmware file not found: ${ref}`);
    const bytes = new Uint8Array(readFileSync(ref));
    const sha256 = sha256Hex(bytes);
    const known = listFirmware().find((f) => f.sha256 === sha256);
    const info = known ?? { version: 'unknown', build: 'external' as const, file: basename(ref), sha256, bytes: bytes.length, features: [] };
    return { info, bytes, path: resolve(ref) };
  }
  const debug = ref.endsWith('-debug');
  const version = debug ? ref.slice(0, -'-debug'.length) : ref;
  const all = listFirmware();
  const info = all.find((f) => f.version === version && f.build === (debug ? 'debug' : 'release'));
  if (!info) {
    const have = all.map((f) => (f.build === 'debug' ? `${f.version}-debug` : f.version)).join(', ') || 'none (run `npm run build`)';
    throw new FirmwareNotFoundError(`firmware ${ref} is not built; available: ${have}`);
  }
  const path = join(FIRMWARE_DIR, info.file);
  return { info, bytes: new Uint8Array(readFileSync(path)), path };
}
