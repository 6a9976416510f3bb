// Append-only audit log (JSON lines): one signed version report per attempt — what was
// offered (package hash, version, filing id), what happened, and on refusal the attack's
// name. Each line carries the previous line's hash, so a removed or edited line shows.
// This is the recall's completion evidence.
import { createHash, createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import { canonicalJson } from '../release/package.js';

export interface AuditRecord {
  action: 'install' | 'verify' | 'activate' | 'trial' | 'confirm' | 'rollback' | 'recover' | 'live-swap';
  result: 'ok' | 'refused' | 'failed' | 'rolled-back' | 'resumed';
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

const GENESIS = '0'.repeat(64);

function lines(path: string): string[] {
  if (!existsSync(path)) return [];
  // A kill in the middle of an append leaves a partial last line: it is not a record.
  return readFileSync(path, 'utf8').split('\n').filter((l) => l.endsWith('}'));
}

export function readAudit(path: string): AuditLine[] {
  return lines(path).flatMap((l) => { try { return [JSON.parse(l) as AuditLine]; } catch { return []; } });
}

export function appendAudit(path: string, deviceKeyPem: string, record: AuditRecord): AuditLine {
  const previous = lines(path);
  const last = previous.at(-1);
  const body = {
    ...record, seq: previous.length, at: new Date().toISOString(),
    prevSha256: last ? createHash('sha256').update(last).digest('hex') : GENESIS,
  };
  const signature = sign(null, Buffer.from(canonicalJson(body)), createPrivateKey(deviceKeyPem)).toString('base64');
  const line: AuditLine = { ...body, signature };
  const raw = readFileSync(path, { flag: 'a+' });
  const fd = openSync(path, 'a');
  try {
    writeSync(fd, (raw.length && raw[raw.length - 1] !== 0x0a ? '\n' : '') + JSON.stringify(line) + '\n');
    fsyncSync(fd);
  } finally { closeSync(fd); }
  return line;
}

/** Checks the chain and every signature; returns the index of the first bad line or −1. */
export function checkAudit(path: string, deviceKeyPem: string): number {
  const pub = createPublicKey(createPrivateKey(deviceKeyPem));
  const all = lines(path);
  let prev = GENESIS;
  for (let i = 0; i < all.length; i++) {
    const { signature, ...body } = JSON.parse(all[i]) as AuditLine;
    if (body.prevSha256 !== prev || !verify(null, Buffer.from(canonicalJson(body)), pub, Buffer.from(signature, 'base64'))) return i;
    prev = createHash('sha256').update(all[i]).digest('hex');
  }
  return -1;
}
