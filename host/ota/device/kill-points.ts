// Named points where the crash-safety test may SIGKILL the updater (HPA_OTA_KILL_AT=<name>[:<n>],
// kill at the n-th time the point is reached), or hold it (HPA_OTA_HOLD_AT=<name>:<file>: write
// <file>.waiting, then wait until <file> exists — how the lock test keeps one updater inside its
// critical section while a second one starts, without any timing). Unset in production: one string compare.
import { existsSync, writeFileSync } from 'node:fs';

const spec = process.env.HPA_OTA_KILL_AT;
const [target, nth] = spec ? [spec.split(':')[0], Number(spec.split(':')[1] ?? 1)] : ['', 0];
const hold = process.env.HPA_OTA_HOLD_AT;
const [holdAt, holdFile] = hold ? [hold.slice(0, hold.indexOf(':')), hold.slice(hold.indexOf(':') + 1)] : ['', ''];
let hits = 0;

export const KILL_POINTS = [
  'write-torn', 'write-before-rename', 'verified', 'slot-written', 'installed', 'activated', 'trial-running', 'trial-passed', 'confirmed',
] as const;
/** Inside a root update (root-store.ts), and `provision-checked`, where the lock test holds a provisioning. */
export const ROOT_KILL_POINTS = ['root-verified', 'root-sealed', 'root-audited'] as const;
export type KillPoint = (typeof KILL_POINTS)[number] | (typeof ROOT_KILL_POINTS)[number] | 'provision-checked';

export function killPoint(name: KillPoint): void {
  if (name === holdAt) waitFor(holdFile);
  if (name !== target) return;
  if (++hits >= nth) process.kill(process.pid, 'SIGKILL');
}

function waitFor(file: string): void {
  writeFileSync(`${file}.waiting`, String(process.pid));
  const cell = new Int32Array(new SharedArrayBuffer(4));
  while (!existsSync(file)) Atomics.wait(cell, 0, 0, 20);
}
