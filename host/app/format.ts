// Human-readable renderings of run results (the CLI prints these; --json prints the data).
import Table from 'cli-table3';
import { formatCalibrationRecord } from '../sim/calibration-record.js';
import type { RunResult } from '../sim/run.js';

const n = (x: number | null, digits = 1, unit = '') => (x === null ? '—' : `${x.toFixed(digits)}${unit}`);

export function firstWarningS(r: RunResult): number | null {
  return r.events.find((e) => ['fcw', 'takeoverRequest', 'hor', 'eyesOffWarning'].includes(e.type))?.tS ?? null;
}

export function formatRun(r: RunResult): string {
  const lines = [
    `${r.scenario} on firmware ${r.firmware.version} (sha256 ${r.firmware.sha256.slice(0, 12)}…), ${r.cycles} cycles`,
    `  outcome      ${r.collision ? `COLLISION with ${r.collidedWith} at ${n(r.impactSpeedKph)} km/h (relative)` : 'no contact'}; assist ${r.assistActiveAtEnd ? 'active' : 'not active'} at the end (${r.finalMode})`,
    `  calibration  ${formatCalibrationRecord(r.calibration, r.firmware.version)}`,
    `  min gap ${n(r.minGapM, 2, ' m')} · min TTC ${n(r.minTtcS, 2, ' s')} · max decel ${n(r.maxDecelMps2, 2, ' m/s²')} · final speed ${n(r.finalSpeedKph, 1, ' km/h')}`,
  ];
  lines.push(`  phantom brakes ${r.phantomBrakes.length}${r.phantomBrakes.length ? ` (at ${r.phantomBrakes.map((p) => `${p.tS} s`).join(', ')})` : ''} in ${r.distanceKm.toFixed(2)} km${r.distanceKm > 0 ? ` (${(r.phantomBrakes.length / r.distanceKm * 1000).toFixed(0)} per 1,000 km)` : ''}`);
  if (r.steadyGapMaxError !== null) lines.push(`  steady gap error ${(r.steadyGapMaxError * 100).toFixed(1)} % of T·v + d0 (T = max(time gap, timeGapMinS))`);
  if (r.accLimitViolationCount) lines.push(`  ISO 15622 limit violations: ${r.accLimitViolationCount} (first at ${r.accLimitViolations[0].tS} s: ${r.accLimitViolations[0].what})`);
  lines.push('  events');
  for (const e of r.events) lines.push(`    ${e.tS.toFixed(2).padStart(7)} s  ${e.type}`);
  return lines.join('\n');
}

export function table(head: string[], rows: (string | number)[][]): string {
  const t = new Table({ head, style: { head: [], border: [] } });
  t.push(...rows.map((r) => r.map(String)));
  return t.toString();
}
