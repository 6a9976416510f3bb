// The distributed engine: jobs on a BullMQ queue in Redis, computed by `hpa worker --redis <url>`
// processes on any number of machines. The submitter adds only the jobs without a stored result
// (a resubmitted run resumes), then waits for every result, reporting stalled jobs as BullMQ
// detects them (a worker that died holding a job: the job is retried elsewhere). If Redis itself
// stops answering, the submitter gives up after `healthTimeoutMs` with one named error.
import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { assertReachable, bullJobId, connectionOf, QUEUE, resultsKey, runIdOf, shownUrl } from './redis-keys.js';
import { resultProblem } from './result-checks.js';
import { JobError, type EngineProgress, type JobEngine, type JobSpec } from './types.js';

export interface RedisEngineOptions {
  url: string;
  pollMs?: number;
  attempts?: number;
  /** Redis silent this long (no answer to a poll) ⇒ the run fails instead of waiting for ever. */
  healthTimeoutMs?: number;
}

export class RedisEngine implements JobEngine {
  readonly name: string;
  private readonly queue: Queue;
  private readonly events: QueueEvents;
  private readonly redis: Redis;
  private stalled = 0;
  private failure: string | null = null;
  private lastError = '';

  /** Checks that Redis answers first: a wrong URL is one named error, not endless reconnects. */
  static async connect(opts: RedisEngineOptions): Promise<RedisEngine> {
    await assertReachable(opts.url);
    return new RedisEngine(opts);
  }

  constructor(private readonly opts: RedisEngineOptions) {
    const connection = connectionOf(opts.url);
    this.name = `BullMQ on ${shownUrl(opts.url)}`;
    this.queue = new Queue(QUEUE, { connection });
    this.events = new QueueEvents(QUEUE, { connection });
    // The poll connection fails fast while Redis is away (no offline queue), so the health check can count the silence.
    this.redis = new Redis({ ...connection, maxRetriesPerRequest: 1, enableOfflineQueue: false, retryStrategy: (n) => Math.min(n * 100, 1000) });
    const remember = (e: Error) => { this.lastError = e.message || (e as { code?: string }).code || String(e); };
    this.queue.on('error', remember);
    this.events.on('error', remember);
    this.redis.on('error', remember);
    this.events.on('stalled', () => { this.stalled += 1; });
    this.events.on('failed', ({ jobId, failedReason }) => {
      // A job that exhausted its attempts: report it rather than wait for ever.
      void this.queue.getJob(jobId).then((job) => {
        if (job && job.attemptsMade >= (job.opts.attempts ?? 1)) this.failure = `job ${job.data?.job?.id ?? jobId}: ${failedReason}`;
      }).catch(remember);
    });
  }

  /** One Redis call, or a named error once Redis has not answered for `healthTimeoutMs`. */
  private async answered<T>(what: () => Promise<T>, since: { t: number }, progress: string): Promise<T | undefined> {
    const timeoutMs = this.opts.healthTimeoutMs ?? 10_000;
    try {
      const value = await Promise.race([what(), new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no answer')), Math.min(timeoutMs, 2000)).unref())]);
      since.t = Date.now();
      return value;
    } catch (e) {
      if (Date.now() - since.t >= timeoutMs) {
        throw new JobError(`redis ${shownUrl(this.opts.url)}: no answer for ${(timeoutMs / 1000).toFixed(0)} s (${this.lastError || (e as Error).message}); ${progress}`);
      }
      return undefined;
    }
  }

  /** A call that must finish within `healthTimeoutMs` (BullMQ's own connections wait for ever). */
  private async withinHealthTimeout<T>(p: Promise<T>, progress: string): Promise<T> {
    const timeoutMs = this.opts.healthTimeoutMs ?? 10_000;
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([p, new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new JobError(`redis ${shownUrl(this.opts.url)}: no answer for ${(timeoutMs / 1000).toFixed(0)} s (${this.lastError || 'silent'}); ${progress}`)), timeoutMs); })]);
    } catch (e) {
      if (e instanceof JobError) throw e;
      throw new JobError(`redis ${shownUrl(this.opts.url)}: ${(e as Error).message}; ${progress}`);
    } finally {
      clearTimeout(timer);
    }
  }

  async run<R>(jobs: JobSpec[], onProgress?: (p: EngineProgress) => void, onResult?: (id: string, result: R) => void): Promise<Map<string, R>> {
    const unique = [...new Map(jobs.map((j) => [j.id, j])).values()];
    const runId = runIdOf(unique.map((j) => j.id));
    const key = resultsKey(runId);
    await assertReachable(this.opts.url);
    await this.withinHealthTimeout(this.events.waitUntilReady(), 'no jobs submitted');
    const have = new Set(await this.withinHealthTimeout(this.redis.hkeys(key), 'no jobs submitted'));
    const todo = unique.filter((j) => !have.has(j.id));
    const attempts = this.opts.attempts ?? 3;
    for (let i = 0; i < todo.length; i += 500) {
      await this.withinHealthTimeout(this.queue.addBulk(todo.slice(i, i + 500).map((job) => ({
        name: job.kind,
        data: { runId, job },
        opts: { jobId: bullJobId(runId, job.id), attempts, backoff: { type: 'fixed', delay: 200 }, removeOnComplete: true, removeOnFail: 1000 },
      }))), `${i} of ${todo.length} jobs submitted`);
    }
    const since = { t: Date.now() };
    let done = have.size;
    for (;;) {
      const n = await this.answered(() => this.redis.hlen(key), since, `${done} of ${unique.length} jobs done; their results stay stored for a resubmission`);
      if (n !== undefined) done = n;
      onProgress?.({ done, total: unique.length, stalled: this.stalled });
      if (done >= unique.length) break;
      if (this.failure) throw new JobError(this.failure);
      await new Promise((r) => setTimeout(r, this.opts.pollMs ?? 250));
    }
    const stored = await this.withinHealthTimeout(this.redis.hgetall(key), 'all jobs done, results not read');
    const results = new Map<string, R>();
    for (const job of unique) {
      let result: R;
      try { result = JSON.parse(stored[job.id]) as R; } catch (e) {
        throw new JobError(`redis ${shownUrl(this.opts.url)}: the stored result of job ${job.id} is not JSON (${(e as Error).message}); delete field "${job.id}" of ${key} to compute it again`);
      }
      const problem = resultProblem(job, result);
      if (problem) throw new JobError(`job ${job.id}: the result ${this.name} returned is not counted: ${problem}; delete field "${job.id}" of ${key} to compute it again`);
      results.set(job.id, result);
      onResult?.(job.id, result);
    }
    return results;
  }

  /** Stalled jobs BullMQ reported while this engine waited. */
  get stalledJobs(): number { return this.stalled; }

  /** Closes the connections; gives up waiting after a few seconds when Redis is gone. */
  async close(): Promise<void> {
    const graceful = Promise.all([this.queue.close(), this.events.close()]).catch(() => {});
    await Promise.race([graceful, new Promise((r) => setTimeout(r, 3000).unref())]);
    this.redis.disconnect();
    void this.queue.disconnect().catch(() => {});
    void this.events.disconnect().catch(() => {});
  }
}
