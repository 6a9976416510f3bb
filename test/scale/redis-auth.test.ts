// The Redis a team already operates asks for a password. `--redis redis://:password@host:port`
// authenticates the submitter, the workers and their sandboxed job threads; the password never
// appears in what hpa prints or stores (report, errors, worker log); a wrong or missing password is
// one line naming the URL without it.
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedEngine } from '../../host/jobs/embedded.js';
import { connectionOf, shownUrl } from '../../host/jobs/redis-keys.js';
import { validate } from '../../host/validate/validate.js';
import { spawnHpa, startPrivateRedis, startWorker } from './redis-helpers.js';

const PASSWORD = 'pa:ss@w/rd%42';
const PORT = 43083;

describe('a password-protected Redis', () => {
  let redis: { url: string; stop(): void };
  let worker: ChildProcess | undefined;
  let workerLog = '';
  beforeAll(async () => { redis = await startPrivateRedis(PORT, PASSWORD); });
  afterAll(() => { worker?.kill('SIGKILL'); redis?.stop(); });

  it('parses user, password (percent-encoded), database and TLS from the URL', () => {
    expect(connectionOf(redis.url)).toMatchObject({ host: '127.0.0.1', port: PORT, password: PASSWORD });
    expect(connectionOf('rediss://ops:x@cache.example:6380/3')).toMatchObject({ username: 'ops', password: 'x', port: 6380, db: 3, tls: {} });
    expect(() => connectionOf('redis://:x@h/abc')).toThrow(/database "abc" is not a number/);
    expect(shownUrl(redis.url)).toBe(`redis://:***@127.0.0.1:${PORT}`);
    expect(shownUrl('http://u:secret@x')).toBe('http://u:***@x');
  });

  it('validate on workers that authenticate: the embedded totals, the password printed nowhere', async () => {
    const opts = { km: 16, seed: 4, firmware: ['1.1.0'], batchEpisodes: 2 };
    const embedded = await EmbeddedEngine.start(1);
    const expected = await validate(opts, embedded);
    await embedded.close();

    worker = startWorker(redis.url);
    worker.stderr!.on('data', (d) => { workerLog += d; });
    const run = spawnHpa(['validate', '--km', '16', '--seed', '4', '-f', '1.1.0', '--batch', '2', '--redis', redis.url, '--json', '--no-progress']);
    const ended = await run.exited;
    const stdout = run.stdout();
    expect(ended.code, run.stderr()).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.engine).toBe(`BullMQ on redis://:***@127.0.0.1:${PORT}`);
    expect(report.firmware[0].totals).toEqual(expected.firmware[0].totals);
    for (const text of [stdout, run.stderr(), workerLog]) expect(text).not.toContain(PASSWORD);
    expect(workerLog).toContain(`on redis://:***@127.0.0.1:${PORT}`);
  });

  it.each([
    ['a wrong password', `redis://:wrong-secret@127.0.0.1:${PORT}`, 'wrong-secret'],
    ['no password', `redis://127.0.0.1:${PORT}`, PASSWORD],
  ])('%s: one line, exit 1, no secret in it', async (_what, url, secret) => {
    const run = spawnHpa(['validate', '--km', '2', '--redis', url]);
    const ended = await run.exited;
    expect(ended.code).toBe(1);
    const lines = run.stderr().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^hpa: --redis: cannot reach Redis at redis:\/\/(:\*\*\*@)?127\.0\.0\.1:43083: .*(WRONGPASS|NOAUTH|invalid username-password)/i);
    expect(lines[0]).not.toContain(secret);
  });
});
