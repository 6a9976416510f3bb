// Jobs: the unit of work every engine (in-process threads, BullMQ on Redis) runs. A job is keyed
// by what it computes (`id`), so running it twice gives the same result and a result is stored
// once: a worker killed mid-job loses nothing (the job runs again elsewhere) and duplicates nothing.
export interface JobSpec<P = unknown> {
  /** Stable key: the same work always has the same id (firmware hash, seed, range …). */
  id: string;
  kind: JobKind;
  payload: P;
}

export const JOB_KINDS = ['validate-batch', 'sweep-point', 'test-run', 'campaign-trials'] as const;
export type JobKind = (typeof JOB_KINDS)[number];

/** `workers`: workers serving the jobs, when the engine can tell (BullMQ: connected workers). */
export interface EngineProgress { done: number; total: number; stalled: number; workers?: number }

export interface JobEngine {
  readonly name: string;
  /** Runs every job once (at least once underneath; results are keyed) and returns results by id.
   *  `onResult` sees each result as it arrives (the embedded engine) or when the run is complete. */
  run<R>(jobs: JobSpec[], onProgress?: (p: EngineProgress) => void, onResult?: (id: string, result: R) => void): Promise<Map<string, R>>;
  close(): Promise<void>;
}

export class JobError extends Error {}
