// Shared OTA test fixture: the real CLI (async, so rounds can run side by side), signing keys
// generated at test time in a temp dir, a regression report and a good release package.
import { spawn } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { resolveFirmware } from '../../host/ecu/firmware.js';
import { securePartitionFor } from '../../host/ota/device/secure-store.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '../..');
/** The secure store of every device these tests create: a temp dir, never beside a state dir nor in the home folder. */
export const SECURE_DIR = mkdtempSync(join(tmpdir(), 'hpa-secure-'));

/** Copies a device: its state directory and its partition of the secure store (as a bench reflashes a second ECU from an image). */
export function cloneDevice(from: string, to: string): void {
  cpSync(from, to, { recursive: true });
  const partition = securePartitionFor(from, SECURE_DIR);
  if (existsSync(partition)) cpSync(partition, securePartitionFor(to, SECURE_DIR), { recursive: true });
}

export interface CliResult { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string; json: any }

export function hpa(args: string[], opts: { env?: Record<string, string>; killAfterMs?: number; cwd?: string } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin/hpa.js'), ...args], { cwd: opts.cwd ?? ROOT, env: { ...process.env, HPA_SECURE_DIR: SECURE_DIR, ...opts.env } });
    let stdout = '', stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = opts.killAfterMs !== undefined ? setTimeout(() => child.kill('SIGKILL'), opts.killAfterMs) : null;
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      let json: any = null;
      const last = stdout.trim().split('\n').at(-1);
      try { json = last ? JSON.parse(last) : null; } catch { /* not JSON */ }
      resolve({ code, signal, stdout, stderr, json });
    });
  });
}

export const RECALL_MODELS = 'XMA7000MBEVR2,XMA7000MBEVR5,BJ7000MBEVR2';

export interface OtaFixture { tmp: string; key: string; rogueKey: string; trust: string; report: string; good: string; fw110: string; fw100: string }

/** A private copy of a built release: other builds running in the same tree cannot change it under the test. */
export function copyFirmware(tmp: string, version: string): string {
  const path = join(tmp, `hpa-${version}.wasm`);
  copyFileSync(resolveFirmware(version).path, path);
  return path;
}

/** Keys (one trusted, one not), a certified report for 1.1.0 and the recall package built from them. */
export async function makeFixture(): Promise<OtaFixture> {
  const tmp = mkdtempSync(join(tmpdir(), 'hpa-ota-'));
  const trust = join(tmp, 'trusted-keys.json');
  const f: OtaFixture = {
    tmp, key: join(tmp, 'release.key'), rogueKey: join(tmp, 'rogue.key'), trust, report: join(tmp, 'report-1.1.0.json'), good: join(tmp, 'recall-1.1.0.hpa'),
    fw110: copyFirmware(tmp, '1.1.0'), fw100: copyFirmware(tmp, '1.0.0'),
  };
  await must(hpa(['ota', 'keygen', '--out', join(tmp, 'release'), '--trust', trust]));
  await must(hpa(['ota', 'keygen', '--out', join(tmp, 'rogue')]));
  await must(hpa(['ota', 'certify', f.fw110, '--out', f.report]));
  await must(pack(f, f.fw110, f.good, { counter: 2 }));
  return f;
}

export function pack(f: OtaFixture, firmware: string, out: string, o: { counter?: number; hardware?: string; expires?: string; key?: string; cls?: string; report?: string | null; filing?: string } = {}): Promise<CliResult> {
  const args = ['ota', 'pack', firmware, '--release-counter', String(o.counter ?? 2), '--hardware', o.hardware ?? RECALL_MODELS,
    '--class', o.cls ?? 'recall', '--filing', o.filing ?? 'S2025M0149I', '--expires', o.expires ?? '2099-01-01', '--key', o.key ?? f.key, '-o', out];
  if (o.report !== null && firmware === f.fw110) args.push('--report', o.report ?? f.report);
  return hpa(args);
}

export async function must(p: Promise<CliResult>): Promise<CliResult> {
  const r = await p;
  if (r.code !== 0) throw new Error(`hpa failed (${r.code} ${r.signal}): ${r.stderr || r.stdout}`);
  return r;
}

export function write(path: string, bytes: Uint8Array): string {
  writeFileSync(path, bytes);
  return path;
}
