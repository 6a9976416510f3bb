// Shared OTA test fixture: the real CLI (async, so rounds can run side by side), signing keys
// generated at test time in a temp dir, a regression report and a good release package.
import { spawn } from 'node:child_process';
import { Command } from 'commander';
import { copyFileSync, cpSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { sharedOnce } from '../shared-once.js';
import { resolveFirmware } from '../../host/ecu/firmware.js';
import { securePartitionFor } from '../../host/ota/device/secure-store.js';
import { registerOtaDevice } from '../../host/cli/commands/ota-device.js';
import { registerOtaRelease } from '../../host/cli/commands/ota-release.js';
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

/** The full CLI, as a user starts it. */
export const CLI = join(ROOT, 'bin/hpa.js');
/** The updater alone (host/cli/ota-updater.ts): the same `hpa ota` commands, a third of the start-up time. */
export const UPDATER = join(ROOT, 'dist/host/cli/ota-updater.js');
/** The `hpa ota` commands the updater carries: the very registrations main.ts makes for them (updater-cli.test.ts checks both list them). */
export const UPDATER_COMMANDS: ReadonlySet<string> = (() => {
  const ota = new Command('ota');
  registerOtaDevice(ota);
  registerOtaRelease(ota);
  return new Set(ota.commands.map((c) => c.name()));
})();

/**
 * Where a command runs unless the test names an entry: a command the updater carries runs there
 * (the same code, ~0.35 s less CPU per start than the full CLI, which loads every command); the
 * rest, and the fixture itself, run through the full CLI.
 */
const entryFor = (args: string[]) => (args[0] === 'ota' && UPDATER_COMMANDS.has(args[1]) ? UPDATER : CLI);

/** Longer than any single `hpa ota` command takes on a loaded 2-core runner (the slowest, a 300 s-uptime install, takes ~8 s). */
const HUNG_CHILD_MS = 90_000;

export function hpa(args: string[], opts: { env?: Record<string, string>; killAfterMs?: number; cwd?: string; entry?: string } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [opts.entry ?? entryFor(args), ...args], { cwd: opts.cwd ?? ROOT, env: { ...process.env, HPA_SECURE_DIR: SECURE_DIR, ...opts.env } });
    let stdout = '', stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    // A child that never ends (CI saw one install stop answering once) is killed well inside the
    // test's 120 s budget, so the test fails on its own assertion, with the child's stderr, and
    // vitest's retry gets a clean second run; kill.test.ts sets its own, shorter, timer.
    const hungAfterMs = opts.killAfterMs ?? HUNG_CHILD_MS;
    const timer = setTimeout(() => { if (opts.killAfterMs === undefined) stderr += `\n[fixture] killed: no exit after ${hungAfterMs} ms\n`; child.kill('SIGKILL'); }, hungAfterMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      let json: any = null;
      const last = stdout.trim().split('\n').at(-1);
      try { json = last ? JSON.parse(last) : null; } catch { /* not JSON */ }
      resolve({ code, signal, stdout, stderr, json });
    });
  });
}

/** The recall filings as published (domain.md §1): a recall release lists only its filing's models. */
export const RECALL_MODELS = 'XMA7000MBEVR2,XMA7000MBEVR5';
export const FILING_BY_HARDWARE: Record<string, string> = { XMA7000MBEVR2: 'S2025M0149I', XMA7000MBEVR5: 'S2025M0149I', BJ7000MBEVR2: 'S2025M0150I' };

export interface OtaFixture {
  tmp: string; keys: string;
  /** root.json v1: the vehicle's trust anchor (`--root` for drive/live/campaign, `provision` for a state dir). */
  root: string; trust: string;
  key: string; snapshotKey: string; timestampKey: string; evidenceKey: string; directorKey: string; rogueKey: string;
  report: string; good: string; good150: string; fw110: string; fw100: string;
}

/** A private copy of a built release: other builds running in the same tree cannot change it under the test. */
export function copyFirmware(tmp: string, version: string): string {
  const path = join(tmp, `hpa-${version}.wasm`);
  copyFileSync(resolveFirmware(version).path, path);
  return path;
}

export const daysAhead = (d: number, from = Date.now()): string => new Date(from + d * 86_400_000).toISOString();

/** The fixture's files under tmp (the same names whether built there or copied there). */
function fixtureAt(tmp: string): OtaFixture {
  const keys = join(tmp, 'keys');
  const k = (n: string) => join(keys, `${n}.key`);
  return {
    tmp, keys, root: join(keys, 'root.json'), trust: join(keys, 'root.json'),
    key: k('targets'), snapshotKey: k('snapshot'), timestampKey: k('timestamp'), evidenceKey: k('evidence'), directorKey: k('director'), rogueKey: join(tmp, 'rogue.key'),
    report: join(tmp, 'evidence-1.1.0.json'), good: join(tmp, 'recall-1.1.0.hpa'), good150: join(tmp, 'recall-1.1.0-S2025M0150I.hpa'),
    fw110: join(tmp, 'hpa-1.1.0.wasm'), fw100: join(tmp, 'hpa-1.0.0.wasm'),
  };
}

/** Keys for every role, signed evidence for 1.1.0 and the two recall packages, made with the real CLI in tmp. */
async function buildFixture(tmp: string): Promise<OtaFixture> {
  copyFirmware(tmp, '1.1.0');
  copyFirmware(tmp, '1.0.0');
  const f = fixtureAt(tmp);
  // Through the full CLI, as a release manager runs them.
  await must(hpa(['ota', 'init-root', '--out', f.keys], { entry: CLI }));
  await must(hpa(['ota', 'keygen', '--out', join(tmp, 'rogue')], { entry: CLI }));
  await must(hpa(['ota', 'certify', f.fw110, '--key', f.evidenceKey, '--out', f.report], { entry: CLI }));
  await must(pack(f, f.fw110, f.good, { counter: 2, entry: CLI }));
  await must(pack(f, f.fw110, f.good150, { counter: 2, hardware: 'BJ7000MBEVR2', entry: CLI }));
  return f;
}

/**
 * Keys for every role (generated in this test run, never committed), signed evidence for 1.1.0 and
 * the two recall packages: a private copy, in a temp dir of its own, of the run's shared fixture.
 */
export async function makeFixture(): Promise<OtaFixture> {
  const tmp = mkdtempSync(join(tmpdir(), 'hpa-ota-'));
  // The gate alone (certify: the whole scenario library) costs ~4 s of CPU: once per run, not per file.
  const shared = await sharedOnce('ota-fixture', buildFixture);
  if (!shared) return buildFixture(tmp);
  cpSync(shared, tmp, { recursive: true });
  return fixtureAt(tmp);
}

/** A fresh vehicle state directory provisioned with the fixture's root (as at manufacture). */
export async function provision(f: OtaFixture, dir: string, hardware?: string): Promise<string> {
  await must(hpa(['ota', 'provision', '--root', f.root, '--dir', dir, ...(hardware ? ['--hardware', hardware] : [])]));
  return dir;
}

export interface PackOpts { entry?: string; counter?: number | string; hardware?: string; expires?: string; key?: string; category?: string; filing?: string | null; report?: string | null; now?: string; extra?: string[] }

export function pack(f: OtaFixture, firmware: string, out: string, o: PackOpts = {}): Promise<CliResult> {
  const hardware = o.hardware ?? RECALL_MODELS;
  const category = o.category ?? 'recall';
  const args = ['ota', 'pack', firmware, '--release-counter', String(o.counter ?? 2), '--hardware', hardware, '--category', category,
    '--expires', o.expires ?? daysAhead(30, o.now ? Date.parse(o.now) : undefined), '--key', o.key ?? f.key, '--snapshot-key', f.snapshotKey, '--timestamp-key', f.timestampKey, '-o', out];
  const filing = o.filing === undefined ? FILING_BY_HARDWARE[hardware.split(',')[0]] : o.filing;
  if (category === 'recall' && filing) args.push('--recall-filing', filing);
  if (category === 'main-parameters') args.push('--approval', 'MIIT-2025-0001', '--filing', 'OTA-2025-0001');
  if (category === 'driving-automation') args.push('--permit', 'L2-PERMIT-0001');
  if (o.now) args.push('--now', o.now);
  if (o.report !== null) args.push(...(firmware === f.fw110 || o.report ? ['--report', o.report ?? f.report] : ['--evidence-key', f.evidenceKey]));
  return hpa([...args, ...(o.extra ?? [])], o.entry ? { entry: o.entry } : {});
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
