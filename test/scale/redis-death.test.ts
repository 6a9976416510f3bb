// Redis dying under a running submission: `hpa validate --redis` does not wait for ever; after its
// health timeout it prints one named line `hpa: redis <url>: …` and exits 1.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT, startPrivateRedis } from './redis-helpers.js';

// A redis-server of this file alone (the test kills it), next to the helper's port for this work.
const PORT = 43302;

describe('Redis killed mid-run', () => {
  let redis: { url: string; stop(): void } | undefined;
  afterAll(() => redis?.stop());

  it('hpa validate --redis: one line "hpa: redis …: …", exit 1, no endless polling', async () => {
    redis = await startPrivateRedis(PORT);
    // No worker: the submission queues its jobs and waits; then its Redis disappears.
    const child = spawn(process.execPath, [join(PROJECT, 'bin/hpa.js'), 'validate', '--km', '40', '--seed', '3', '--redis', redis.url, '--no-progress'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += d; });
    // Killed once the jobs are queued (the queue's wait list exists in Redis).
    const { spawnSync } = await import('node:child_process');
    for (let i = 0; i < 200; i++) {
      const n = spawnSync('redis-cli', ['-p', String(PORT), 'llen', 'bull:hpa-jobs:wait'], { encoding: 'utf8' }).stdout.trim();
      if (Number(n) > 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    redis.stop();
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(1);
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^hpa: redis redis://127\\.0\\.0\\.1:${PORT}: no answer for \\d+ s \\(connect ECONNREFUSED[^)]*\\); 0 of 2 jobs done`));
  }, 90_000);
});
