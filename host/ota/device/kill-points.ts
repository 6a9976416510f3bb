// Named points where the crash-safety test may SIGKILL the updater (HPA_OTA_KILL_AT=<name>[:<n>],
// kill at the n-th time the point is reached). Unset in production: one string compare.
const spec = process.env.HPA_OTA_KILL_AT;
const [target, nth] = spec ? [spec.split(':')[0], Number(spec.split(':')[1] ?? 1)] : ['', 0];
let hits = 0;

export const KILL_POINTS = [
  'write-torn', 'write-before-rename', 'verified', 'slot-written', 'installed', 'activated', 'trial-running', 'trial-passed', 'confirmed',
] as const;
export type KillPoint = (typeof KILL_POINTS)[number];

export function killPoint(name: KillPoint): void {
  if (name !== target) return;
  if (++hits >= nth) process.kill(process.pid, 'SIGKILL');
}
