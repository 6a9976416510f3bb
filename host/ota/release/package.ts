// The release package: one file holding the signed metadata, the regression report it cites
// and the exact firmware bytes.
//
//   "HPAOTA01" | u32 metaLen | metadata (canonical JSON, the signed bytes)
//   | u8 keyIdLen | keyId (hex) | 64 B Ed25519 signature over the metadata bytes
//   | u32 reportLen | regression report (JSON; its SHA-256 is signed)
//   | firmware image (its length and SHA-256 are signed; nothing after it)
import type { KeyObject } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { OtaError, OtaRefusal } from '../errors.js';
import { keyIdOf, signBytes } from './keys.js';

export const MAGIC = Buffer.from('HPAOTA01');
export const SIGNATURE_BYTES = 64;

export const RELEASE_CLASSES = ['recall', 'feature', 'fix'] as const;
export type ReleaseClass = (typeof RELEASE_CLASSES)[number];

export interface ReleaseMetadata {
  type: 'hpa-ecu-release';
  version: string;
  releaseCounter: number;
  abiVersion: number;
  abiHash: string;
  stateLayoutVersion: number;
  hardwareIds: string[];
  length: number;
  sha256: string;
  expires: string;          // ISO date-time
  class: ReleaseClass;
  filingId: string;         // the regulator's recall / filing number, e.g. S2025M0149I
  testReportSha256: string; // the regression report the image passed
  createdAt: string;
}

export interface ParsedPackage {
  metaBytes: Uint8Array;
  meta: unknown;
  keyId: string;
  signature: Uint8Array;
  report: Uint8Array;
  /** Everything after the report: the image and, in an attack, whatever follows it. */
  payload: Uint8Array;
}

/** Canonical JSON: keys sorted, no whitespace — the exact bytes that are signed. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function encodePackage(meta: ReleaseMetadata, report: Uint8Array, image: Uint8Array, key: KeyObject): Buffer {
  const metaBytes = Buffer.from(canonicalJson(meta));
  const keyId = Buffer.from(keyIdOf(key));
  const u32 = (n: number) => { const b = Buffer.alloc(4); b.writeUInt32BE(n); return b; };
  return Buffer.concat([
    MAGIC, u32(metaBytes.length), metaBytes,
    Buffer.from([keyId.length]), keyId, signBytes(metaBytes, key),
    u32(report.length), report, image,
  ]);
}

/** Splits the envelope. Throws `malformed` when the file ends before a section it announces. */
export function decodePackage(file: Uint8Array): ParsedPackage {
  const buf = Buffer.from(file.buffer, file.byteOffset, file.byteLength);
  let at = 0;
  const take = (n: number, what: string): Buffer => {
    if (at + n > buf.length) throw new OtaRefusal('malformed', `file ends inside the ${what} (truncated at ${buf.length} B)`);
    const part = buf.subarray(at, at + n);
    at += n;
    return part;
  };
  if (!take(MAGIC.length, 'header').equals(MAGIC)) throw new OtaRefusal('malformed', 'not an HPA-ECU release package (bad magic)');
  const metaBytes = take(take(4, 'header').readUInt32BE(), 'metadata');
  let meta: unknown;
  try { meta = JSON.parse(metaBytes.toString('utf8')); } catch { throw new OtaRefusal('malformed', 'metadata is not JSON'); }
  const keyId = take(take(1, 'signature block')[0], 'signature block').toString('latin1');
  const signature = take(SIGNATURE_BYTES, 'signature block');
  const report = take(take(4, 'report header').readUInt32BE(), 'regression report');
  return { metaBytes, meta, keyId, signature, report, payload: buf.subarray(at) };
}

/** Checks the signed metadata has every field with the right type (after the signature check). */
export function checkMetadataShape(meta: unknown): ReleaseMetadata {
  const m = meta as Record<string, unknown>;
  const fields: [keyof ReleaseMetadata, string][] = [
    ['type', 'string'], ['version', 'string'], ['releaseCounter', 'number'], ['abiVersion', 'number'], ['abiHash', 'string'],
    ['stateLayoutVersion', 'number'], ['length', 'number'], ['sha256', 'string'], ['expires', 'string'], ['class', 'string'],
    ['filingId', 'string'], ['testReportSha256', 'string'], ['createdAt', 'string'],
  ];
  if (!m || typeof m !== 'object') throw new OtaRefusal('malformed', 'metadata is not an object');
  for (const [name, type] of fields) if (typeof m[name] !== type) throw new OtaRefusal('malformed', `metadata field "${name}" missing or not a ${type}`);
  if (m.type !== 'hpa-ecu-release') throw new OtaRefusal('malformed', `metadata type "${m.type}" is not hpa-ecu-release`);
  if (!Array.isArray(m.hardwareIds) || !m.hardwareIds.every((h) => typeof h === 'string')) throw new OtaRefusal('malformed', 'metadata hardwareIds is not a list of strings');
  if (!/^\d+\.\d+\.\d+$/.test(m.version as string)) throw new OtaRefusal('malformed', `version "${m.version}" is not x.y.z`);
  if (!RELEASE_CLASSES.includes(m.class as ReleaseClass)) throw new OtaRefusal('malformed', `class "${m.class}" is not one of ${RELEASE_CLASSES.join(', ')}`);
  if (Number.isNaN(Date.parse(m.expires as string))) throw new OtaRefusal('malformed', `expires "${m.expires}" is not a date`);
  return m as unknown as ReleaseMetadata;
}

export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number), pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}

export function readPackageFile(path: string): Uint8Array {
  if (!existsSync(path)) throw new OtaError('not-found', `package not found: ${path}`);
  return new Uint8Array(readFileSync(path));
}
