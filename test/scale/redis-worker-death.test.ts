// Redis dying under a running `hpa worker --redis`: the worker does not reconnect for ever; once
// Redis has been silent for its health timeout it prints one named line `hpa: redis <url>: …` and
// exits 1 (a supervisor then restarts it). The bounds here are generous: nothing is timed.
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT, startPrivateRedis } from './redis-helpers.js';

// A redis-server of this file alone (the test kills it), in this work's port range.
const PORT = 43400;

describe('Redis killed under a worker', () => {
  let redis: { url: string; stop(): void } | undefined;
  afterAll(() => redis?.stop());

  it('hpa worker --redis: one line "hpa: redis …: no answer for 2 s (…)", exit 1, no endless reconnecting', async () => {
    redis = await startPrivateRedis(PORT);
    const child = spawn(process.execPath, [join(PROJECT, 'bin/hpa.js'), 'worker', '--redis', redis.url, '--concurrency', '1', '--health-timeout-s', '2'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += d; });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
    // Killed once the worker is serving: its ready line is out and its connection is in Redis's client list.
    for (let i = 0; i < 600 && !stderr.includes('hpa worker:'); i++) await new Promise((r) => setTimeout(r, 100));
    expect(stderr).toMatch(/^hpa worker: 1 threads on /);
    expect(spawnSync('redis-cli', ['-p', String(PORT), 'client', 'list'], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean).length).toBeGreaterThan(1);
    redis.stop();
    // A worker still running after a minute is the bug this test is about: it fails, not hangs.
    const hung = setTimeout(() => child.kill('SIGKILL'), 60_000);
    const { code, signal } = await exited;
    clearTimeout(hung);
    expect(signal, 'the worker kept running after Redis was gone').toBeNull();
    expect(code).toBe(1);
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(2); // the ready line, then the one error line
    expect(lines[1]).toMatch(new RegExp(`^hpa: redis redis://127\\.0\\.0\\.1:${PORT}: no answer for 2 s \\((connect ECONNREFUSED|Connection is closed|read ECONNRESET)[^)]*\\)$`));
  }, 120_000);
});
