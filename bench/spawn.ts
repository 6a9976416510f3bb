// Runs bench/child in a fresh Node process with the given V8 flags and returns its result.
// From TypeScript sources (tests, tsx) the child is loaded through tsx; from dist/ directly.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { PROJECT_ROOT } from '../host/ecu/firmware.js';

const FROM_SOURCE = import.meta.url.endsWith('.ts');
const CHILD = fileURLToPath(new URL(`./child.${FROM_SOURCE ? 'ts' : 'js'}`, import.meta.url));
/** Node flags that load TypeScript sources (workers and children need them too). */
export const TS_LOADER_ARGS = FROM_SOURCE ? ['--import', 'tsx'] : [];

export function runChild<T>(task: string, args: object, v8Flags: string[] = []): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...v8Flags, ...TS_LOADER_ARGS, CHILD, task, JSON.stringify(args)], {
      cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '', err = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { err += d; });
    child.on('error', reject);
    child.on('close', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('@@result '));
      if (code !== 0 || !line) return reject(new Error(`bench child "${task}" failed (exit ${code}): ${err.trim().slice(-2000)}`));
      resolve(JSON.parse(line.slice('@@result '.length)) as T);
    });
  });
}

/** Runs a compiled native harness and parses the JSON it prints (null when it prints nothing). */
export function runNative<T>(binary: string, args: (string | number)[]): Promise<T | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args.map(String), { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '', err = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { err += d; });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`${binary} failed (exit ${code}): ${err.trim()}`));
      const last = out.trim().split('\n').pop();
      try { resolve(last ? (JSON.parse(last) as T) : null); } catch (e) { reject(e); }
    });
  });
}
