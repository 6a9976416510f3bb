// The Redis a team already operates asks for a password. `--redis redis://:password@host:port`
// authenticates the submitter, the workers and their sandboxed job threads; the password never
// appears in what hpa prints or stores (report, errors, worker log); a wrong or missing password is
// one line naming the URL without it.
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

// `rediss://`: the same over TLS. A Redis with a certificate this machine does not trust is one
// line naming the reason; trusted (NODE_EXTRA_CA_CERTS, as a team adds its own CA), it runs.
describe('a Redis that speaks TLS (rediss://)', () => {
  const PORT_TLS = 43096;
  const dir = mkdtempSync(join(tmpdir(), 'hpa-tls-'));
  const cert = join(dir, 'cert.pem'), key = join(dir, 'key.pem');
  let server: ChildProcess | undefined;
  let worker: ChildProcess | undefined;
  const url = `rediss://127.0.0.1:${PORT_TLS}`;
  beforeAll(async () => {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
    server = spawn('redis-server', ['--port', '0', '--tls-port', String(PORT_TLS), '--bind', '127.0.0.1', '--tls-cert-file', cert, '--tls-key-file', key, '--tls-ca-cert-file', cert, '--tls-auth-clients', 'no', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    for (let i = 0; i < 100; i++) {
      const pong = spawnSync('redis-cli', ['--tls', '--cacert', cert, '-p', String(PORT_TLS), 'ping'], { encoding: 'utf8' }).stdout ?? '';
      if (pong.trim() === 'PONG') return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('the TLS redis-server did not answer');
  });
  afterAll(() => { worker?.kill('SIGKILL'); server?.kill('SIGKILL'); });

  it('a certificate this machine does not trust: one line with the reason, exit 1', async () => {
    const run = spawnHpa(['validate', '--km', '2', '--redis', url]);
    expect((await run.exited).code).toBe(1);
    expect(run.stderr().trim()).toMatch(new RegExp(`^hpa: --redis: cannot reach Redis at ${url.replace(/\./g, '\\.')}: self-signed certificate$`));
  });

  it('trusted: workers and submitter over TLS give the embedded totals', async () => {
    const opts = { km: 8, seed: 12, firmware: ['1.1.0'], batchEpisodes: 2 };
    const embedded = await EmbeddedEngine.start(1);
    const expected = await validate(opts, embedded);
    await embedded.close();
    const trusted = process.env.NODE_EXTRA_CA_CERTS;
    process.env.NODE_EXTRA_CA_CERTS = cert; // inherited by the processes spawned below
    try {
      worker = startWorker(url);
      const run = spawnHpa(['validate', '--km', '8', '--seed', '12', '-f', '1.1.0', '--batch', '2', '--redis', url, '--json', '--no-progress']);
      expect((await run.exited).code, run.stderr()).toBe(0);
      const report = JSON.parse(run.stdout());
      expect(report.engine).toBe(`BullMQ on ${url}`);
      expect(report.firmware[0].totals).toEqual(expected.firmware[0].totals);
    } finally {
      if (trusted === undefined) delete process.env.NODE_EXTRA_CA_CERTS; else process.env.NODE_EXTRA_CA_CERTS = trusted;
    }
  });
});
