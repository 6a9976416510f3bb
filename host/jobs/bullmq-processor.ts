// BullMQ sandboxed processor (runs in a worker thread of `hpa worker`): computes a job and stores
// its result under the run's results hash with HSETNX, so a job that runs twice (a stalled job
// retried after its worker was killed) is still counted once.
import { Redis } from 'ioredis';
import { runJobAsJson } from './handlers.js';
import { connectionOf, resultsKey } from './redis-keys.js';
import type { JobSpec } from './types.js';

let redis: Redis | null = null;

export default async function process(job: { data: { runId: string; job: JobSpec } }): Promise<string> {
  const { runId, job: spec } = job.data;
  const result = runJobAsJson(spec.kind, spec.payload); // a worker with another firmware build throws here (job-firmware.ts)
  if (!redis) {
    redis = new Redis(connectionOf(globalThis.process.env.HPA_REDIS_URL ?? 'redis://127.0.0.1:6379'));
    redis.on('error', () => {}); // a lost Redis fails the call below; the worker's health check reports it, once
  }
  await redis.hsetnx(resultsKey(runId), spec.id, result);
  return 'stored';
}
