// `hpa worker --redis <url>`: computes jobs from the queue until stopped. Jobs run in sandboxed
// worker threads (a CPU-bound batch would otherwise block the lock renewal and look stalled).
// BullMQ reconnects for ever when Redis goes away; a health connection pings Redis and, once it
// has not answered for `healthTimeoutMs`, the worker stops with one named error (`done` rejects)
// instead of hanging. A Redis back within that time is reconnected to as before.
import { availableParallelism } from 'node:os';
import { Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { assertReachable, connectionOf, QUEUE, shownUrl } from './redis-keys.js';
import { JobError } from './types.js';

export interface WorkerOptions { url: string; concurrency?: number; lockMs?: number; stalledMs?: number; healthTimeoutMs?: number; log?: (line: string) => void }

export interface RunningWorker {
  close(): Promise<void>;
  /** Resolves when closed; rejects with a JobError `redis <url>: no answer for … (why)` when Redis stayed away too long. */
  done: Promise<void>;
}

export async function startRedisWorker(opts: WorkerOptions): Promise<RunningWorker> {
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
  const health = watchRedis(opts.url, opts.healthTimeoutMs ?? 10_000);
  worker.on('error', health.remember); // reported once, in the health error, not per reconnect
  worker.on('completed', (job) => opts.log?.(`done ${job.data?.job?.id ?? job.id}`));
  worker.on('failed', (job, err) => opts.log?.(`failed ${job?.data?.job?.id ?? job?.id}: ${err.message}`));
  await worker.waitUntilReady();
  opts.log?.(`hpa worker: ${opts.concurrency ?? availableParallelism()} threads on ${shownUrl(opts.url)}, queue ${QUEUE}`);
  let closed!: () => void;
  const stopped = new Promise<void>((resolve) => { closed = resolve; });
  const done = Promise.race([stopped, health.gone.catch((e: unknown) => {
    void worker.close(true).catch(() => {}); // let go of the jobs; BullMQ's own reconnects end with the process
    throw e;
  })]);
  return {
    done,
    close: async () => { health.stop(); await worker.close(); closed(); },
  };
}

/** Pings Redis on its own connection (no offline queue: a dead Redis fails the ping at once); `gone` rejects after `timeoutMs` of silence. */
function watchRedis(url: string, timeoutMs: number): { gone: Promise<never>; remember: (e: Error) => void; stop(): void } {
  let lastError = '';
  const remember = (e: Error) => { lastError = e.message || (e as { code?: string }).code || String(e); };
  const redis = new Redis({ ...connectionOf(url), maxRetriesPerRequest: 1, enableOfflineQueue: false, retryStrategy: (n) => Math.min(n * 100, 1000) });
  redis.on('error', remember);
  let lastAnswer = Date.now();
  let timer: NodeJS.Timeout | undefined;
  let busy = false;
  const stop = () => { clearInterval(timer); redis.disconnect(); };
  const gone = new Promise<never>((_, reject) => {
    timer = setInterval(() => {
      if (busy) return;
      busy = true;
      const answer = Promise.race([redis.ping(), new Promise<never>((_, no) => setTimeout(() => no(new Error('no answer')), Math.min(timeoutMs, 2000)).unref())]);
      answer.then(() => { lastAnswer = Date.now(); }, (e: Error) => { if (!lastError) remember(e); }).finally(() => {
        busy = false;
        if (Date.now() - lastAnswer < timeoutMs) return;
        stop();
        reject(new JobError(`redis ${shownUrl(url)}: no answer for ${Math.round(timeoutMs / 1000)} s (${lastError || 'silent'})`));
      });
    }, Math.min(1000, Math.max(100, timeoutMs / 4)));
  });
  gone.catch(() => {}); // observed through `done`
  return { gone, remember, stop };
}
