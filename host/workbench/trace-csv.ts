// The per-cycle trace of a run as CSV (one run per file; the run name in the first column).
import type { RunResult } from '../sim/run.js';
import { toCsv } from './csv.js';

export function traceCsv(r: RunResult): string {
  if (!r.trace) throw new Error('traceCsv needs a run with a trace');
  return toCsv(['scenario', ...r.trace.columns], r.trace.rows.map((row) => [r.scenario, ...row]));
}
