// A sweep's summary table (one row per point, or per firmware for big grids), its CSV with the
// parameters as columns, and its JSON.
import { table } from '../app/format.js';
import { toCsv } from './csv.js';
import { METRIC_COLUMNS } from './sweep-metrics.js';
import type { SweepReport, SweepRow } from './sweep.js';

const n = (x: number | null, d = 1) => (x === null ? '—' : x.toFixed(d));
const MAX_ROWS = 40;

function outcome(r: SweepRow): string {
  const m = r.metrics;
  return m.collision ? `HIT ${n(m.impactSpeedKph)} km/h` : 'no contact';
}

export function formatSweep(s: SweepReport): string {
  const paths = s.params.map((p) => p.path);
  const head = [`${s.scenario}: ${s.total} runs (${s.ran} run now, ${s.resumed} resumed from ${s.out}) on ${s.engine} in ${s.elapsedS.toFixed(1)} s${s.ran ? ` (${s.runsPerS} runs/s)` : ''}`];
  const lines: string[] = [];
  if (s.rows.length <= MAX_ROWS) {
    lines.push(table(['firmware', ...(new Set(s.rows.map((r) => r.variant)).size > 1 ? ['variant'] : []), ...paths, 'outcome', 'min gap m', 'min TTC s', 'max decel', 'FCW s', 'braking s', 'expect'],
      s.rows.map((r) => [r.firmware, ...(new Set(s.rows.map((x) => x.variant)).size > 1 ? [r.variant.split('@')[1] ?? r.variant] : []), ...paths.map((p) => String(r.params[p])),
        outcome(r), n(r.metrics.minGapM), n(r.metrics.minTtcS, 2), n(r.metrics.maxDecelMps2), n(r.metrics.firstFcwS, 2), n(r.metrics.brakingOnsetS, 2),
        r.metrics.passed === null ? '—' : r.metrics.passed ? 'PASS' : 'FAIL'])));
  } else {
    lines.push(table(['firmware', 'runs', 'collisions', 'worst impact km/h', 'expect passed', 'lowest min gap m'], s.firmware.map((f) => {
      const rows = s.rows.filter((r) => r.firmware === f.ref);
      const hits = rows.filter((r) => r.metrics.collision);
      const judged = rows.filter((r) => r.metrics.passed !== null);
      const gaps = rows.map((r) => r.metrics.minGapM).filter((g): g is number => g !== null);
      return [f.ref, rows.length, hits.length, hits.length ? Math.max(...hits.map((r) => r.metrics.impactSpeedKph ?? 0)).toFixed(1) : '—',
        judged.length ? `${judged.filter((r) => r.metrics.passed).length}/${judged.length}` : '—', gaps.length ? Math.min(...gaps).toFixed(1) : '—'];
    })));
    lines.push(`(${s.rows.length} points: every point is in the CSV / JSON output)`);
  }
  return [...head, ...lines].join('\n');
}

export function sweepCsv(s: SweepReport): string {
  const paths = s.params.map((p) => p.path);
  return toCsv(['id', 'variant', 'firmware', ...paths, ...METRIC_COLUMNS],
    s.rows.map((r) => [r.id, r.variant, r.firmware, ...paths.map((p) => r.params[p]), ...METRIC_COLUMNS.map((c) => r.metrics[c])]));
}

export function sweepJson(s: SweepReport): object {
  return { ...s, rows: s.rows.map(({ id, index, variant, firmware, params, metrics }) => ({ id, index, variant, firmware, params, ...metrics })) };
}
