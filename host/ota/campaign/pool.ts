// The campaign's trial drives as keyed jobs on a job engine (worker threads here, or BullMQ over
// Redis): each round's trials are cut into shards of SHARD vehicles, one job each; outcomes come
// back in trial order whichever worker ran them.
import type { JobFirmware } from '../../jobs/job-firmware.js';
import { JobError, type JobEngine, type JobSpec } from '../../jobs/types.js';
import type { RigOptions } from './rig.js';
import { trialShardId, type TrialShardJob, type TrialShardResult } from './trial-job.js';

export interface PoolInit { current: JobFirmware; recall: JobFirmware; rig: RigOptions; seed: number }

const SHARD = 256;

export class TrialPool {
  constructor(private readonly engine: JobEngine, private readonly init: PoolInit) {}

  /** Runs jobs (vehicle, seed, stallMs triples) and returns one outcome code per job. */
  async run(trials: Int32Array, onProgress?: (done: number) => void): Promise<Uint8Array> {
    const n = trials.length / 3;
    const jobs: JobSpec<TrialShardJob>[] = [];
    for (let start = 0; start < n; start += SHARD) {
      const payload: TrialShardJob = { ...this.init, trials: Array.from(trials.subarray(start * 3, Math.min(n, start + SHARD) * 3)) };
      jobs.push({ id: trialShardId(payload), kind: 'campaign-trials', payload });
    }
    const results = await this.engine.run<TrialShardResult>(jobs, (p) => onProgress?.(Math.min(n, Math.round((p.done / p.total) * n))));
    const outcomes = new Uint8Array(n);
    jobs.forEach((job, k) => {
      const r = results.get(job.id)!;
      if (r.currentSha256 !== this.init.current.sha256 || r.recallSha256 !== this.init.recall.sha256) {
        throw new JobError(`a worker ran other firmware (${r.currentSha256.slice(0, 12)}… → ${r.recallSha256.slice(0, 12)}…) for this campaign: workers must have the same builds`);
      }
      outcomes.set(r.outcomes, k * SHARD);
    });
    return outcomes;
  }
}
