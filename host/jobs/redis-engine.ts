// The distributed engine: jobs on a BullMQ queue in Redis, computed by `hpa worker --redis <url>`
// processes on any number of machines. The submitter adds only the jobs without a stored result
// (a resubmitted run resumes), then waits for every result, reporting stalled jobs as BullMQ
// detects them (a worker that died holding a job: the job is retried elsewhere). If Redis itself
// stops answering, the submitter gives up after `healthTimeoutMs` with one named error. Jobs wait
// for workers; when none is connected for `noWorkerNoticeMs`, the submitter says so (once, and
// again when workers arrive) instead of waiting in silence. Stored results are kept
// RESULTS_KEPT_S after the last submission that used them (a resubmission resumes within that).
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
  /** No worker connected to the queue this long ⇒ one notice (default 5 s). */
  noWorkerNoticeMs?: number;
  /** Where notices go (default: stderr, as `hpa: …`). */
  onNotice?: (line: string) => void;
}

/** How long a run's results stay in Redis after the last submission that used them. */
export const RESULTS_KEPT_S = 30 * 24 * 3600;
/** How often the number of connected workers is looked up (BullMQ: CLIENT LIST). */
const WORKER_CHECK_MS = 1000;

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
    // The poll connection has no offline queue: a command before it is connected fails at once
    // ("Stream isn't writeable"), which a loaded machine showed right after a Redis restart.
    await this.withinHealthTimeout(this.redisReady(), 'no jobs submitted');
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
    const workers = new WorkerWatch(this.queue, this.opts);
    let done = have.size;
    // Kept for a resubmission (it resumes), not for ever: a team's Redis is not an archive. Set once
    // the key exists in this submission (a worker's HSETNX makes it), so a run stopped half-way expires too.
    let expiring = false;
    for (;;) {
      const n = await this.answered(() => this.redis.hlen(key), since, `${done} of ${unique.length} jobs done; their results stay stored for a resubmission`);
      if (n !== undefined) done = n;
      if (!expiring && done > 0) expiring = (await this.answered(() => this.redis.expire(key, RESULTS_KEPT_S), since, `${done} of ${unique.length} jobs done`)) === 1;
      if (done < unique.length) await workers.check(unique.length - done);
      onProgress?.({ done, total: unique.length, stalled: this.stalled, workers: workers.count });
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

  private redisReady(): Promise<void> {
    if (this.redis.status === 'ready') return Promise.resolve();
    return new Promise((resolve) => this.redis.once('ready', () => resolve()));
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

/** Counts the workers serving the queue and says so when there are none (a run would otherwise
 * wait in silence for a worker nobody started) and when they arrive. */
export class WorkerWatch {
  count: number | undefined;
  private checkedAt = 0;
  private noneSince: number | null = null;
  private noticed = false;
  private readonly notice: (line: string) => void;

  constructor(private readonly queue: Pick<Queue, 'getWorkersCount'>, private readonly opts: RedisEngineOptions) {
    this.notice = opts.onNotice ?? ((line) => console.error(`hpa: ${line}`));
  }

  async check(left: number): Promise<void> {
    const now = Date.now();
    if (now - this.checkedAt < WORKER_CHECK_MS) return;
    this.checkedAt = now;
    // A Redis that refuses CLIENT LIST (some managed ones) leaves the count unknown: no notice.
    // BullMQ's connection waits for ever while Redis is away: bounded, so the health check still runs.
    try {
      this.count = await Promise.race([this.queue.getWorkersCount(), new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no answer')), WORKER_CHECK_MS).unref())]);
    } catch { this.count = undefined; return; }
    const where = `queue ${QUEUE} on ${shownUrl(this.opts.url)}`;
    if (this.count > 0) {
      if (this.noticed) this.notice(`${this.count} worker(s) now on ${where}: computing the ${left} job(s) left`);
      this.noneSince = null;
      this.noticed = false;
      return;
    }
    this.noneSince ??= now;
    if (!this.noticed && now - this.noneSince >= (this.opts.noWorkerNoticeMs ?? 5000)) {
      this.noticed = true;
      this.notice(`no worker is connected to ${where}; the ${left} job(s) left wait until one is: start \`npx hpa worker --redis ${shownUrl(this.opts.url)}\` on any machine (stopping this run loses nothing: stored results stay for a resubmission)`);
    }
  }
}
