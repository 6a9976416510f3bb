// `hpa worker --redis <url>`: computes jobs from the queue until stopped. Jobs run in sandboxed
// worker threads (a CPU-bound batch would otherwise block the lock renewal and look stalled).
import { availableParallelism } from 'node:os';
import { Worker } from 'bullmq';
import { assertReachable, connectionOf, QUEUE } from './redis-keys.js';

export interface WorkerOptions { url: string; concurrency?: number; lockMs?: number; stalledMs?: number; log?: (line: string) => void }

export async function startRedisWorker(opts: WorkerOptions): Promise<{ close(): Promise<void> }> {
  await assertReachable(opts.url);
  process.env.HPA_REDIS_URL = opts.url; // read by the sandboxed processor threads
  const processor = new URL('./bullmq-processor.js', import.meta.url);
  const worker = new Worker(QUEUE, processor, {
    connection: connectionOf(opts.url),
    concurrency: opts.concurrency ?? availableParallelism(),
    useWorkerThreads: true,
    lockDuration: opts.lockMs ?? 30_000,
    stalledInterval: opts.stalledMs ?? 30_000,
    maxStalledCount: 5,
  });
  worker.on('completed', (job) => opts.log?.(`done ${job.data?.job?.id ?? job.id}`));
  worker.on('failed', (job, err) => opts.log?.(`failed ${job?.data?.job?.id ?? job?.id}: ${err.message}`));
  await worker.waitUntilReady();
  opts.log?.(`hpa worker: ${opts.concurrency ?? availableParallelism()} threads on ${opts.url}, queue ${QUEUE}`);
  return { close: () => worker.close() };
}
