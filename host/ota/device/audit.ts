// The audit log (JSON lines), anchored in the secure store. Each line carries the previous
// line's hash and the device key's signature (the key lives in the secure store, never in the
// state directory). After every append the store records the number of records and the hash of
// the last one — the anchor — so a deleted last line, a truncated or deleted file, or a broken
// last line no longer reads as "intact": the chain must reach the anchored head.
import { createHash, createPublicKey, verify } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import { canonicalJson } from '../release/package.js';
import type { SecureStorage } from './secure-store.js';

export interface AuditRecord {
  action: 'install' | 'verify' | 'activate' | 'trial' | 'confirm' | 'rollback' | 'recover' | 'live-swap' | 'notify' | 'integrity' | 'provision' | 'root-update';
  result: 'ok' | 'refused' | 'failed' | 'rolled-back' | 'resumed' | 'restored';
  hardwareId: string;
  version?: string;
  releaseCounter?: number;
  filingId?: string;
  packageSha256?: string;
  attack?: string;
  detail?: string;
  runningVersion: string;
}

export interface AuditLine extends AuditRecord { seq: number; at: string; prevSha256: string; signature: string }
export interface AuditAnchor { records: number; headSha256: string }
export interface AuditIntegrity { records: number; intact: boolean; firstBad: number; problem: string | null }

export const AUDIT_ANCHOR = 'audit-anchor';
export const GENESIS = '0'.repeat(64);
const sha = (s: string) => createHash('sha256').update(s).digest('hex');

/** Complete lines only: a kill in the middle of an append leaves a partial last line, not a record. */
function recordLines(path: string): string[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8').split('\n').filter((l) => l.endsWith('}'));
}

export function readAudit(path: string): AuditLine[] {
  return recordLines(path).flatMap((l) => { try { return [JSON.parse(l) as AuditLine]; } catch { return []; } });
}

/** Checks the whole chain, every signature and the anchor. */
export function checkAudit(path: string, secure: SecureStorage): AuditIntegrity {
  const all = recordLines(path);
  const anchor = secure.readRecord<AuditAnchor>(AUDIT_ANCHOR) ?? { records: 0, headSha256: GENESIS };
  const pub = createPublicKey(secure.publicKeyPem());
  let prev = GENESIS;
  for (let i = 0; i < all.length; i++) {
    let line: AuditLine;
    try { line = JSON.parse(all[i]) as AuditLine; } catch { return broken(all.length, i, `record ${i} is not JSON`); }
    const { signature, ...body } = line;
    if (body.prevSha256 !== prev) return broken(all.length, i, `record ${i} does not chain to record ${i - 1}`);
    if (typeof signature !== 'string' || !verify(null, Buffer.from(canonicalJson(body)), pub, Buffer.from(signature, 'base64'))) return broken(all.length, i, `record ${i} is not signed by this device`);
    prev = sha(all[i]);
    if (i === anchor.records - 1 && prev !== anchor.headSha256) return broken(all.length, i, `record ${i} is not the anchored head`);
  }
  if (all.length < anchor.records) return broken(all.length, all.length, `${all.length} records where the secure store anchored ${anchor.records} (records deleted or the file truncated)`);
  // One record beyond the anchor is an append killed before its anchor update; more cannot come from this updater.
  if (all.length > anchor.records + 1) return broken(all.length, anchor.records + 1, `${all.length - anchor.records} records beyond the anchored ${anchor.records}`);
  return { records: all.length, intact: true, firstBad: -1, problem: null };
}

const broken = (records: number, firstBad: number, problem: string): AuditIntegrity => ({ records, intact: false, firstBad, problem });

/** Appends one signed record and moves the anchor to it. The caller has checked the chain. */
export function appendAudit(path: string, secure: SecureStorage, record: AuditRecord): AuditLine {
  const previous = recordLines(path);
  const last = previous.at(-1);
  // Canonical before signing: an undefined field is dropped here, exactly as JSON.stringify drops it on disk.
  const body = JSON.parse(JSON.stringify({ ...record, seq: previous.length, at: new Date().toISOString(), prevSha256: last ? sha(last) : GENESIS })) as Omit<AuditLine, 'signature'>;
  const signature = secure.sign(Buffer.from(canonicalJson(body))).toString('base64');
  const line: AuditLine = { ...body, signature };
  const text = JSON.stringify(line);
  const raw = existsSync(path) ? readFileSync(path) : Buffer.alloc(0);
  const fd = openSync(path, 'a');
  try {
    writeSync(fd, (raw.length && raw[raw.length - 1] !== 0x0a ? '\n' : '') + text + '\n');
    fsyncSync(fd);
  } finally { closeSync(fd); }
  secure.writeRecord(AUDIT_ANCHOR, { records: previous.length + 1, headSha256: sha(text) } satisfies AuditAnchor);
  return line;
}

/** Completes an anchor update that a kill interrupted (exactly one valid record beyond the anchor). */
export function catchUpAnchor(path: string, secure: SecureStorage): void {
  const all = recordLines(path);
  const anchor = secure.readRecord<AuditAnchor>(AUDIT_ANCHOR) ?? { records: 0, headSha256: GENESIS };
  if (all.length === anchor.records + 1 && checkAudit(path, secure).intact) secure.writeRecord(AUDIT_ANCHOR, { records: all.length, headSha256: sha(all.at(-1)!) });
}
