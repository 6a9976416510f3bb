// A run submitted to a Redis no worker serves: the submitter says so (instead of waiting in
// silence), says so again when a worker arrives, and finishes with the embedded run's totals.
// Its stored results are kept 30 days, not for ever. A private Redis: workers of other tests
// on a shared one would be counted.
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedEngine } from '../../host/jobs/embedded.js';
import { connectionOf } from '../../host/jobs/redis-keys.js';
import { RESULTS_KEPT_S, WorkerWatch } from '../../host/jobs/redis-engine.js';
import { validate } from '../../host/validate/validate.js';
import { spawnHpa, startPrivateRedis, startWorker } from './redis-helpers.js';

const PORT = 43111;

describe('hpa validate --redis with no worker connected', () => {
  let redis: { url: string; stop(): void };
  beforeAll(async () => { redis = await startPrivateRedis(PORT); });
  afterAll(() => redis?.stop());

  it('says no worker is connected and how to start one; a worker that arrives is named and the totals equal the embedded run', async () => {
    const embedded = await EmbeddedEngine.start(1);
    const expected = await validate({ km: 40, seed: 4, firmware: ['1.1.0'], batchEpisodes: 2 }, embedded);
    await embedded.close();

    // Empty (a retry of this test would otherwise find every result stored and never wait).
    const flush = new Redis(connectionOf(redis.url));
    await flush.flushall();
    flush.disconnect();
    process.env.HPA_PROGRESS_EVERY_S = '1';
    const run = spawnHpa(['validate', '--km', '40', '--seed', '4', '-f', '1.1.0', '--batch', '2', '--json', '--redis', redis.url]);
    delete process.env.HPA_PROGRESS_EVERY_S;
    const end = Date.now() + 30_000;
    while (!/no worker is connected/.test(run.stderr()) && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
    const notice = run.stderr().split('\n').find((l) => l.includes('no worker'));
    expect(notice).toBe(`hpa: no worker is connected to queue hpa-jobs on ${redis.url}; the 10 job(s) left wait until one is: start \`npx hpa worker --redis ${redis.url}\` on any machine (stopping this run loses nothing: stored results stay for a resubmission)`);
    expect(run.stderr()).toMatch(/^hpa validate: 0\/10 jobs \(0\.0 %\) · \d+ s · none of this run's jobs finished yet · 0 worker\(s\)$/m);

    const worker = startWorker(redis.url);
    try {
      const { code } = await run.exited;
      expect(code).toBe(0);
      // How many are left when the submitter next looks depends on how fast the worker is (10 jobs: it looks before the end).
      expect(run.stderr()).toMatch(new RegExp(`^hpa: 1 worker\\(s\\) now on queue hpa-jobs on ${redis.url.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: computing the \\d+ job\\(s\\) left$`, 'm'));
      expect(JSON.parse(run.stdout()).firmware[0].totals).toEqual(expected.firmware[0].totals);
    } finally { worker.kill('SIGKILL'); }

    const r = new Redis(connectionOf(redis.url));
    try {
      const [key] = await r.keys('hpa:results:*');
      const ttlS = await r.ttl(key);
      expect(ttlS).toBeGreaterThan(RESULTS_KEPT_S - 60);
      expect(ttlS).toBeLessThanOrEqual(30 * 24 * 3600);
    } finally { r.disconnect(); }
  }, 90_000);
});

describe('the worker count when Redis will not give it', () => {
  const opts = (lines: string[]) => ({ url: 'redis://127.0.0.1:1', noWorkerNoticeMs: 0, onNotice: (l: string) => lines.push(l) });
  it('a Redis that refuses CLIENT LIST (some managed ones): the count is unknown and no notice claims there is no worker', async () => {
    const lines: string[] = [];
    const watch = new WorkerWatch({ getWorkersCount: () => Promise.reject(new Error("ERR unknown command 'CLIENT'")) }, opts(lines));
    await watch.check(5);
    expect(watch.count).toBeUndefined();
    expect(lines).toEqual([]);
  });
  it('a Redis that does not answer: the look-up gives up within a second, so the submitter\'s health check still runs', async () => {
    const lines: string[] = [];
    const watch = new WorkerWatch({ getWorkersCount: () => new Promise<number>(() => {}) }, opts(lines));
    const t0 = Date.now();
    await watch.check(5);
    expect(Date.now() - t0).toBeLessThan(1500);
    expect(watch.count).toBeUndefined();
    expect(lines).toEqual([]);
  });
});

describe('stored results expire', () => {
  let redis: { url: string; stop(): void };
  beforeAll(async () => { redis = await startPrivateRedis(PORT + 1); });
  afterAll(() => redis?.stop());
  it('also for a run stopped half-way (the submitter killed once results exist): the hash has its 30 days', async () => {
    const worker = startWorker(redis.url);
    const run = spawnHpa(['validate', '--km', '400', '--seed', '5', '-f', '1.1.0', '--batch', '2', '--json', '--no-progress', '--redis', redis.url]);
    const r = new Redis(connectionOf(redis.url));
    try {
      let key: string | undefined;
      for (let i = 0; i < 600 && !key; i++) {
        [key] = await r.keys('hpa:results:*');
        if (!key) await new Promise((res) => setTimeout(res, 100));
      }
      expect(key).toBeDefined();
      // The submitter looks at least every poll (250 ms); give it two, then kill it mid-run.
      await new Promise((res) => setTimeout(res, 1000));
      run.child.kill('SIGKILL');
      await run.exited;
      expect(await r.hlen(key!)).toBeLessThan(100); // stopped half-way: 100 jobs planned
      expect(await r.ttl(key!)).toBeGreaterThan(RESULTS_KEPT_S - 60);
    } finally { r.disconnect(); worker.kill('SIGKILL'); }
  }, 90_000);
});
