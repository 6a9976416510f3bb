// What each job kind does: pure functions of the payload (a job may run twice; the result is
// the same). Firmware is named by hash in every payload: a worker with another build refuses
// (job-firmware.ts). Firmware instances are cached per thread.
import { runTrialShard, type TrialShardJob } from '../ota/campaign/trial-job.js';
import { EpisodeRunner, type BatchSpec, type EpisodeTotals } from '../validate/episodes.js';
import { runSweepPoint, type SweepPointJob } from '../workbench/sweep-job.js';
import { runTestJob, type TestRunJob } from '../workbench/test-job.js';
import { firmwareForJob } from './job-firmware.js';
import type { JobKind } from './types.js';

const runners = new Map<string, EpisodeRunner>();

function runner(spec: BatchSpec): EpisodeRunner {
  const image = firmwareForJob({ ref: spec.firmware, sha256: spec.firmwareSha256 });
  let r = runners.get(image.info.sha256);
  if (!r) { r = new EpisodeRunner(image); runners.set(image.info.sha256, r); }
  return r;
}

/** `calibrationSha256`: the calibration file the batch ran with (null: the release's defaults). */
export interface ValidateBatchResult { firmwareSha256: string; calibrationSha256: string | null; seed: number; first: number; count: number; totals: EpisodeTotals }

export function runJob(kind: JobKind, payload: unknown): unknown {
  switch (kind) {
    case 'validate-batch': {
      const spec = payload as BatchSpec;
      const r = runner(spec);
      return { firmwareSha256: r.firmwareSha256, calibrationSha256: spec.calibration?.sha256 ?? null, seed: spec.seed, first: spec.first, count: spec.count, totals: r.runBatch(spec) } satisfies ValidateBatchResult;
    }
    case 'sweep-point': return runSweepPoint(payload as SweepPointJob);
    case 'test-run': return runTestJob(payload as TestRunJob);
    case 'campaign-trials': return runTrialShard(payload as TrialShardJob);
    default:
      throw new Error(`unknown job kind "${String(kind)}"`);
  }
}

/** What crosses the wire: results go through JSON on every engine, so they aggregate identically. */
export function runJobAsJson(kind: JobKind, payload: unknown): string {
  return JSON.stringify(runJob(kind, payload));
}
