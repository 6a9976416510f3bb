// What each job kind does: pure functions of the payload (a job may run twice; the result is
// the same). Firmware instances are cached per thread, so a batch costs one reset per episode.
import { EpisodeRunner, type BatchSpec, type EpisodeTotals } from '../validate/episodes.js';
import type { JobKind } from './types.js';

const runners = new Map<string, EpisodeRunner>();

function runner(firmware: string): EpisodeRunner {
  let r = runners.get(firmware);
  if (!r) { r = new EpisodeRunner(firmware); runners.set(firmware, r); }
  return r;
}

export interface ValidateBatchResult { firmwareSha256: string; seed: number; first: number; count: number; totals: EpisodeTotals }

export function runJob(kind: JobKind, payload: unknown): unknown {
  switch (kind) {
    case 'validate-batch': {
      const spec = payload as BatchSpec;
      const r = runner(spec.firmware);
      return { firmwareSha256: r.firmwareSha256, seed: spec.seed, first: spec.first, count: spec.count, totals: r.runBatch(spec) } satisfies ValidateBatchResult;
    }
    default:
      throw new Error(`unknown job kind "${String(kind)}"`);
  }
}
