// The append-only results file of a sweep: one JSON line per finished point, keyed by the
// point id. A sweep killed mid-write leaves at most one partial last line, cut off on resume.
import { appendFileSync, closeSync, existsSync, openSync, truncateSync, writeFileSync } from 'node:fs';
import { fileErrorReason, UserError } from '../app/user-error.js';
import { InputFileError, readInputFile } from '../util/read-input-file.js';
import type { PointMetrics } from './sweep-metrics.js';

export interface StoredPoint { id: string; metrics: PointMetrics }

/** A results file grows with the sweep (~0.5 kB a point): read up to what one string can hold. */
const RESULTS_MAX_BYTES = 256 * 1024 * 1024;

export class SweepResultsFile {
  private constructor(readonly path: string, readonly done: Map<string, PointMetrics>) {}

  /** Opens (or creates) the file; `fresh` discards earlier results. */
  static open(path: string, fresh = false): SweepResultsFile {
    const done = new Map<string, PointMetrics>();
    try {
      if (fresh || !existsSync(path)) writeFileSync(path, '');
      const text = readInputFile(path, RESULTS_MAX_BYTES).toString('utf8');
      const complete = text.lastIndexOf('\n') + 1;
      if (complete < text.length) truncateSync(path, Buffer.byteLength(text.slice(0, complete)));
      for (const line of text.slice(0, complete).split('\n')) {
        if (!line) continue;
        try {
          const p = JSON.parse(line) as StoredPoint;
          if (typeof p.id === 'string' && p.metrics) done.set(p.id, p.metrics);
        } catch { /* a damaged line is run again */ }
      }
      closeSync(openSync(path, 'a'));
    } catch (e) {
      if (e instanceof UserError) throw e;
      throw new UserError(`--out ${path}`, e instanceof InputFileError ? e.message : fileErrorReason(e));
    }
    return new SweepResultsFile(path, done);
  }

  append(points: StoredPoint[]): void {
    const fresh = points.filter((p) => !this.done.has(p.id));
    for (const p of fresh) this.done.set(p.id, p.metrics);
    if (fresh.length) appendFileSync(this.path, fresh.map((p) => JSON.stringify(p) + '\n').join(''));
  }
}
