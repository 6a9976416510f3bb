// The distributed engine: jobs on a BullMQ queue in Redis, computed by `hpa worker --redis <url>`
// processes on any number of machines. The submitter adds only the jobs without a stored result
// (a resubmitted run resumes), then waits for every result, reporting stalled jobs as BullMQ
// detects them (a worker that died holding a job: the job is retried elsewhere).
import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { assertReachable, bullJobId, connectionOf, QUEUE, resultsKey, runIdOf } from './redis-keys.js';
import { JobError, type EngineProgress, type JobEngine, type JobSpec } from './types.js';

export interface RedisEngineOptions { url: string; pollMs?: number; attempts?: number }

export class RedisEngine implements JobEngine {
  readonly name: string;
  private readonly queue: Queue;
  private readonly events: QueueEvents;
  private readonly redis: Redis;
  private stalled = 0;
  private failure: string | null = null;

  /** Checks that Redis answers first: a wrong URL is one named error, not endless reconnects. */
  static async connect(opts: RedisEngineOptions): Promise<RedisEngine> {
    await assertReachable(opts.url);
    return new RedisEngine(opts);
  }

  constructor(private readonly opts: RedisEngineOptions) {
    const connection = connectionOf(opts.url);
    this.name = `BullMQ on ${opts.url}`;
    this.queue = new Queue(QUEUE, { connection });
    this.events = new QueueEvents(QUEUE, { connection });
    this.redis = new Redis(connection);
    this.events.on('stalled', () => { this.stalled += 1; });
    this.events.on('failed', ({ jobId, failedReason }) => {
      // A job that exhausted its attempts: report it rather than wait for ever.
      void this.queue.getJob(jobId).then((job) => {
        if (job && job.attemptsMade >= (job.opts.attempts ?? 1)) this.failure = `job ${job.data?.job?.id ?? jobId}: ${failedReason}`;
      });
    });
  }

  async run<R>(jobs: JobSpec[], onProgress?: (p: EngineProgress) => void): Promise<Map<string, R>> {
    const unique = [...new Map(jobs.map((j) => [j.id, j])).values()];
    const runId = runIdOf(unique.map((j) => j.id));
    const key = resultsKey(runId);
    await assertReachable(this.opts.url);
    await this.events.waitUntilReady();
    const have = new Set(await this.redis.hkeys(key));
    const todo = unique.filter((j) => !have.has(j.id));
    const attempts = this.opts.attempts ?? 3;
    for (let i = 0; i < todo.length; i += 500) {
      await this.queue.addBulk(todo.slice(i, i + 500).map((job) => ({
        name: job.kind,
        data: { runId, job },
        opts: { jobId: bullJobId(runId, job.id), attempts, backoff: { type: 'fixed', delay: 200 }, removeOnComplete: true, removeOnFail: 1000 },
      })));
    }
    for (;;) {
      const done = await this.redis.hlen(key);
      onProgress?.({ done, total: unique.length, stalled: this.stalled });
      if (done >= unique.length) break;
      if (this.failure) throw new JobError(this.failure);
      await new Promise((r) => setTimeout(r, this.opts.pollMs ?? 250));
    }
    const stored = await this.redis.hgetall(key);
    const results = new Map<string, R>();
    for (const job of unique) results.set(job.id, JSON.parse(stored[job.id]) as R);
    return results;
  }

  /** Stalled jobs BullMQ reported while this engine waited. */
  get stalledJobs(): number { return this.stalled; }

  async close(): Promise<void> {
    await Promise.all([this.queue.close(), this.events.close()]);
    this.redis.disconnect();
  }
}
