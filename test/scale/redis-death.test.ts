// Redis dying under a running submission or a worker: neither `hpa validate --redis` nor `hpa
// worker --redis` waits or reconnects for ever; after its health timeout each prints one named
// line `hpa: redis <url>: …` and exits 1 (a supervisor then restarts the worker). The bounds are
// generous: nothing is timed.
import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnHpa, startPrivateRedis } from './redis-helpers.js';

// redis-servers of this file alone (the tests kill them), one per test.
const PORT = 43302;
const WORKER_PORT = 43400;
const BACK_PORT = 43401;

describe('Redis killed mid-run', () => {
  let redis: { url: string; stop(): void } | undefined;
  let workerRedis: { url: string; stop(): void } | undefined;
  let backRedis: { url: string; stop(): void } | undefined;
  afterAll(() => { redis?.stop(); workerRedis?.stop(); backRedis?.stop(); });

  it('hpa validate --redis: one line "hpa: redis …: …", exit 1, no endless polling', async () => {
    redis = await startPrivateRedis(PORT);
    // No worker: the submission queues its jobs and waits; then its Redis disappears.
    const run = spawnHpa(['validate', '--km', '40', '--seed', '3', '--redis', redis.url, '--no-progress']);
    // Killed once the jobs are queued (the queue's wait list exists in Redis).
    for (let i = 0; i < 200; i++) {
      const n = spawnSync('redis-cli', ['-p', String(PORT), 'llen', 'bull:hpa-jobs:wait'], { encoding: 'utf8' }).stdout.trim();
      if (Number(n) > 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    redis.stop();
    const { code } = await run.exited;
    expect(code).toBe(1);
    const lines = run.stderr().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^hpa: redis redis://127\\.0\\.0\\.1:${PORT}: no answer for \\d+ s \\(connect ECONNREFUSED[^)]*\\); 0 of 2 jobs done`));
  }, 90_000);

  it('hpa worker --redis: one line "hpa: redis …: no answer for 2 s (…)", exit 1, no endless reconnecting', async () => {
    workerRedis = await startPrivateRedis(WORKER_PORT);
    const { child, stderr, exited } = spawnHpa(['worker', '--redis', workerRedis.url, '--concurrency', '1', '--health-timeout-s', '2']);
    // Killed once the worker is serving: its ready line is out and its connection is in Redis's client list.
    for (let i = 0; i < 600 && !stderr().includes('hpa worker:'); i++) await new Promise((r) => setTimeout(r, 100));
    expect(stderr()).toMatch(/^hpa worker: 1 threads on /);
    expect(spawnSync('redis-cli', ['-p', String(WORKER_PORT), 'client', 'list'], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean).length).toBeGreaterThan(1);
    workerRedis.stop();
    // A worker still running after a minute is the bug this test is about: it fails, not hangs.
    const hung = setTimeout(() => child.kill('SIGKILL'), 60_000);
    const { code, signal } = await exited;
    clearTimeout(hung);
    expect(signal, 'the worker kept running after Redis was gone').toBeNull();
    expect(code).toBe(1);
    const lines = stderr().trim().split('\n');
    expect(lines).toHaveLength(2); // the ready line, then the one error line
    expect(lines[1]).toMatch(new RegExp(`^hpa: redis redis://127\\.0\\.0\\.1:${WORKER_PORT}: no answer for 2 s \\((connect ECONNREFUSED|Connection is closed|read ECONNRESET)[^)]*\\)$`));
  }, 120_000);

  it('a Redis back within the health timeout: the worker reconnects and computes the next submission', async () => {
    backRedis = await startPrivateRedis(BACK_PORT);
    const worker = spawnHpa(['worker', '--redis', backRedis.url, '--concurrency', '1', '--health-timeout-s', '60']);
    try {
      for (let i = 0; i < 600 && !worker.stderr().includes('hpa worker:'); i++) await new Promise((r) => setTimeout(r, 100));
      expect(worker.stderr()).toMatch(/^hpa worker: 1 threads on /);
      backRedis.stop();
      // SIGKILL is asynchronous: wait until the old server is gone, so the PING below is the new one's.
      while (spawnSync('redis-cli', ['-p', String(BACK_PORT), 'ping'], { encoding: 'utf8' }).stdout?.trim() === 'PONG') await new Promise((r) => setTimeout(r, 50));
      backRedis = await startPrivateRedis(BACK_PORT); // a restart (empty: no persistence)
      const run = spawnHpa(['validate', '--km', '40', '--seed', '3', '--redis', backRedis.url, '--no-progress', '--json']);
      expect((await run.exited).code, run.stderr()).toBe(0);
      expect(worker.child.exitCode).toBeNull(); // still serving
      worker.child.kill('SIGTERM');
      expect((await worker.exited).code).toBe(0);
      expect(worker.stderr()).not.toContain('hpa: redis');
    } finally {
      worker.child.kill('SIGKILL');
    }
  }, 180_000);
});
