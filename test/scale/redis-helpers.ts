// A Redis for the tests: the one .ci/run started (HPA_TEST_REDIS_URL), else a private
// redis-server (Debian's package) on a fixed test port, stopped afterwards.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export const PROJECT = join(import.meta.dirname, '../..');

export async function startRedis(port = 43079): Promise<{ url: string; stop(): void }> {
  const given = process.env.HPA_TEST_REDIS_URL;
  if (given) return { url: given, stop: () => {} };
  return startPrivateRedis(port);
}

/** A redis-server of this test alone (one a test may kill), whatever HPA_TEST_REDIS_URL says. */
export async function startPrivateRedis(port: number, password?: string): Promise<{ url: string; stop(): void }> {
  const auth = password ? ['--requirepass', password] : [];
  const server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...auth], { stdio: 'ignore' });
  const cliAuth = password ? ['-a', password, '--no-auth-warning'] : [];
  const failed = new Promise<never>((_, reject) => server.once('error', (e) => reject(new Error(`redis-server could not start (apt-get install redis-server): ${e.message}`))));
  for (let i = 0; i < 100; i++) {
    // Only this server's answer counts (its pid): another one left on the port would pass a PING.
    const info = spawnSync('redis-cli', ['-p', String(port), ...cliAuth, 'info', 'server'], { encoding: 'utf8' }).stdout ?? '';
    const url = password ? `redis://:${encodeURIComponent(password)}@127.0.0.1:${port}` : `redis://127.0.0.1:${port}`;
    if (new RegExp(`^process_id:${server.pid}\\r?$`, 'm').test(info)) return { url, stop: () => server.kill('SIGKILL') };
    if (server.exitCode !== null) throw new Error(`redis-server could not listen on port ${port} (exit ${server.exitCode}; another server there?)`);
    await Promise.race([new Promise((r) => setTimeout(r, 100)), failed]);
  }
  server.kill('SIGKILL');
  throw new Error('redis-server did not answer PING');
}

/** `hpa worker` as its own process (the built CLI), with short lock/stall times for the test. */
export function startWorker(url: string, extra: string[] = []): ChildProcess {
  return spawn(process.execPath, [join(PROJECT, 'bin/hpa.js'), 'worker', '--redis', url, '--concurrency', '1', '--lock-ms', '2000', '--stalled-ms', '500', ...extra], { stdio: ['ignore', 'ignore', 'pipe'] });
}

/** `hpa <args>` as its own process (the built CLI): its stderr collected, and how it ended. */
export function spawnHpa(args: string[]): { child: ChildProcess; stdout: () => string; stderr: () => string; exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }> } {
  const child = spawn(process.execPath, [join(PROJECT, 'bin/hpa.js'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '', stderr = '';
  child.stdout!.on('data', (d) => { stdout += d; });
  child.stderr!.on('data', (d) => { stderr += d; });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}
