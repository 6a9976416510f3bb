// The text report of `hpa validate`: one column per firmware, rates per 10⁶ km with 95 % intervals.
import Table from 'cli-table3';
import type { FailedEpisode } from './episodes.js';
import type { Rate } from './stats.js';
import type { ValidateReport } from './validate.js';

const cell = (r: Rate) => `${r.count}  (${r.perMillionKm} [${r.ci95[0]}–${r.ci95[1]}])`;

/** How a listed collision was judged from the ECU's side (docs/validation.md). */
function ecuSide(e: FailedEpisode): string {
  if (e.ecuMarginM === null) return 'ordinary traffic: the generator\'s judgement';
  return e.ecuAvoidable ? `the ECU was told in time, ${e.ecuMarginM} m to spare braking fully from then` : 'told too late for this car';
}

export function formatValidate(report: ValidateReport): string {
  const table = new Table({ head: ['per 10⁶ km: count (rate [95 % CI])', ...report.firmware.map((f) => f.version)], style: { head: [], border: [] } }); // no colour codes: the report goes to files and logs
  const rows: [string, keyof ValidateReport['firmware'][number]['rates']][] = [
    ['collisions', 'collisions'], ['  of them avoidable', 'avoidableCollisions'], ['  of them the ECU was told of in time', 'ecuAvoidableCollisions'], ['phantom brakes', 'phantomBrakes'], ['  of them ≥ 5 m/s²', 'phantomEmergencyBrakes'], ['FCW activations', 'fcw'],
    ['AEB activations', 'aeb'], ['takeover requests', 'takeoverRequests'], ['MRMs', 'mrm'], ['episodes with ISO 15622 violations', 'isoLimitViolations'],
  ];
  for (const [label, key] of rows) table.push([label, ...report.firmware.map((f) => cell(f.rates[key]))]);
  const causes = Object.keys(report.firmware[0]?.collisionsByCause ?? {});
  for (const cause of causes) {
    if (report.firmware.every((f) => f.collisionsByCause[cause].count === 0)) continue;
    table.push([`  collisions: ${cause}`, ...report.firmware.map((f) => cell(f.collisionsByCause[cause]))]);
  }
  const files = report.firmware.flatMap((f) => f.failedEpisodeFiles);
  const phantomFiles = report.firmware.flatMap((f) => f.phantomEpisodeFiles);
  const avoidable = report.firmware.flatMap((f) => f.totals.failed.filter((e) => e.avoidable || e.ecuAvoidable)
    .map((e) => `${f.version} episode ${e.index} (${e.hazard}, ${e.what} at ${e.impactSpeedKph} km/h; ${ecuSide(e)})`));
  return [
    `hpa validate: ${report.km} km (${report.episodes} episodes), seed ${report.seed}, ${report.profile} driver, ${report.conditions} conditions, ${report.engine}, ${report.wallS} s`,
    ...(report.calibration ? [`calibration: ${report.calibration.file} (sha256 ${report.calibration.sha256.slice(0, 12)}…) over each release's defaults`] : []),
    table.toString(),
    ...avoidable.slice(0, 20).map((a) => `avoidable: ${a}`),
    ...(avoidable.length > 20 ? [`avoidable: … and ${avoidable.length - 20} more`] : []),
    ...(files.length ? [`failing episodes written (replay with hpa run <file>${report.calibration ? ` -c ${report.calibration.file}` : ''}): ${files.length}, e.g. ${files[0]}`] : []),
    ...(phantomFiles.length ? [`phantom-brake episodes written: ${phantomFiles.length}, e.g. ${phantomFiles[0]}`] : []),
  ].join('\n');
}
