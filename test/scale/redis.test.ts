// The distributed engine on a real Redis with BullMQ: the same totals as the embedded engine for
// the same seed, a worker SIGKILLed mid-job loses and duplicates nothing (its stalled job is
// detected and retried by another worker), a resubmitted run resumes from the stored results.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedEngine } from '../../host/jobs/embedded.js';
import { connectionOf, QUEUE } from '../../host/jobs/redis-keys.js';
import { RedisEngine } from '../../host/jobs/redis-engine.js';
import { validate } from '../../host/validate/validate.js';
import { spawnHpa, startRedis, startWorker } from './redis-helpers.js';

const until = async (what: string, check: () => Promise<boolean>, timeoutMs = 60_000) => {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

describe('hpa validate on BullMQ over Redis', () => {
  let redis: { url: string; stop(): void };
  const workers: ChildProcess[] = [];
  beforeAll(async () => {
    redis = await startRedis();
    const r = new Redis(connectionOf(redis.url));
    await r.flushdb();
    r.disconnect();
  });
  afterAll(() => { for (const w of workers) w.kill('SIGKILL'); redis?.stop(); });

  it('a worker killed with SIGKILL mid-job: its job is found stalled and rerun elsewhere; totals equal the embedded run', async () => {
    const opts = { km: 80, seed: 9, firmware: ['1.0.0', '1.1.0'], batchEpisodes: 4 }; // 20 jobs
    const embedded = await EmbeddedEngine.start(2);
    const expected = await validate(opts, embedded);
    await embedded.close();

    const engine = new RedisEngine({ url: redis.url, pollMs: 50 });
    const queue = new Queue(QUEUE, { connection: connectionOf(redis.url) });
    const first = startWorker(redis.url);
    workers.push(first);
    let done = 0;
    const running = validate({ ...opts, onProgress: (p) => { done = p.done; } }, engine);
    // With one worker, any active job is its own: kill it while it holds one.
    await until('the first result', async () => done >= 1);
    await until('a job in progress', async () => (await queue.getActiveCount()) >= 1);
    first.kill('SIGKILL');
    const second = startWorker(redis.url);
    workers.push(second);
    const report = await running;
    expect(engine.stalledJobs).toBeGreaterThanOrEqual(1);
    expect(report.firmware.map((f) => f.totals)).toEqual(expected.firmware.map((f) => f.totals));
    expect(report.engine).toMatch(/BullMQ/);

    // The same submission again resumes: every result is already stored, nothing is queued.
    const again = await validate(opts, engine);
    expect(again.firmware.map((f) => f.totals)).toEqual(expected.firmware.map((f) => f.totals));
    expect(await queue.getWaitingCount()).toBe(0);
    await Promise.all([engine.close(), queue.close()]);
  });

  it('two workers share a run and give the same totals', async () => {
    workers.push(startWorker(redis.url));
    const engine = new RedisEngine({ url: redis.url, pollMs: 50 });
    const opts = { km: 40, seed: 21, firmware: ['1.1.0'], batchEpisodes: 2 };
    const report = await validate(opts, engine);
    await engine.close();
    const embedded = await EmbeddedEngine.start(1);
    const expected = await validate(opts, embedded);
    await embedded.close();
    expect(report.firmware[0].totals).toEqual(expected.firmware[0].totals);
  });

  it('a stored result someone damaged or forged in Redis is refused by job, not counted', async () => {
    workers.push(startWorker(redis.url)); // this test may run alone
    const engine = new RedisEngine({ url: redis.url, pollMs: 50 });
    const opts = { km: 4, seed: 33, firmware: ['1.1.0'], batchEpisodes: 1 }; // 2 jobs, computed by the workers above
    await validate(opts, engine);
    const r = new Redis(connectionOf(redis.url));
    const keys = await r.keys('hpa:results:*');
    let target = '', field = '';
    for (const k of keys) for (const f of await r.hkeys(k)) if (f.includes(':33:') && f.endsWith(':1+1')) { target = k; field = f; }
    expect(target && field).toBeTruthy();
    const honest = await r.hget(target, field);
    const forged = JSON.parse(honest!);
    forged.totals.collisions = 0; forged.totals.episodes = 5; // "no collisions in five episodes"
    for (const [stored, message] of [
      ['{"totals":', /is not JSON/],
      [JSON.stringify(forged), /is not counted: it counts 5 episodes in a batch of 1/],
      [JSON.stringify({ ...JSON.parse(honest!), first: 0 }), /is not counted: it is the result of episodes 0\+1 of seed 33, not 1\+1/],
    ] as const) {
      await r.hset(target, field, stored);
      await expect(validate(opts, engine)).rejects.toThrow(message);
    }
    r.disconnect();
    await engine.close();
  });

  it('hpa test and hpa sweep: a tampered stored result is one line naming the job, exit 1 (was a stack trace)', async () => {
    workers.push(startWorker(redis.url)); // this test may run alone
    const r = new Redis(connectionOf(redis.url));
    const tamper = async (prefix: string, value: string) => {
      for (const k of await r.keys('hpa:results:*')) for (const f of await r.hkeys(k)) if (f.startsWith(prefix)) await r.hset(k, f, value);
    };
    const runs = [
      { prefix: 'test:', args: ['test', 'scenarios/steady-following.json', '-f', '1.1.0'] },
      { prefix: 'sweep:', args: ['sweep', 'euro-ncap-ccrs', '-p', 'calibration.fcwTtcS=2', '-f', '1.1.0', '--fresh', '--out', join(mkdtempSync(join(tmpdir(), 'hpa-sweep-')), 'r.jsonl')] },
    ];
    for (const { prefix, args } of runs) {
      for (const k of await r.keys('hpa:results:*')) for (const f of await r.hkeys(k)) if (f.startsWith(prefix)) await r.hdel(k, f);
      const first = spawnHpa([...args, '--redis', redis.url]);
      expect((await first.exited).code, first.stderr()).toBe(0);
      await tamper(prefix, '{"firmwareSha256":"00","passed":true}');
      const again = spawnHpa([...args, '--redis', redis.url]);
      expect((await again.exited).code).toBe(1);
      const lines = again.stderr().trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(new RegExp(`^hpa: job ${prefix}.*: the result BullMQ on redis://127\\.0\\.0\\.1:\\d+ returned is not counted: the result: must have required property '(reasons|metrics)'; delete field`));
    }
    r.disconnect();
  });
});
