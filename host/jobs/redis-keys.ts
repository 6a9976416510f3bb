// Names shared by the submitter and the workers on Redis.
import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import { JobError } from './types.js';

export const QUEUE = 'hpa-jobs';
export const resultsKey = (runId: string): string => `hpa:results:${runId}`;
/** BullMQ job ids may not contain ':'; a hash of (run, job key) is stable and unique. */
export const bullJobId = (runId: string, id: string): string => createHash('sha256').update(`${runId}\n${id}`).digest('hex').slice(0, 40);
/** A submission is identified by what it computes: the same jobs ⇒ the same run (resumable). */
export const runIdOf = (ids: string[]): string => createHash('sha256').update([...ids].sort().join('\n')).digest('hex').slice(0, 24);

/** Parses redis://host:port[/db] into ioredis options (BullMQ needs maxRetriesPerRequest: null). */
export function connectionOf(url: string): { host: string; port: number; db: number; maxRetriesPerRequest: null } {
  let u: URL;
  try { u = new URL(url); } catch { throw new JobError(`--redis: "${url}" is not a redis:// URL`); }
  if (u.protocol !== 'redis:') throw new JobError(`--redis: "${url}" is not a redis:// URL`);
  return { host: u.hostname || '127.0.0.1', port: Number(u.port || 6379), db: Number(u.pathname.slice(1) || 0), maxRetriesPerRequest: null };
}

/** Fails with a named error when nothing answers at `url` (BullMQ would otherwise wait for ever). */
export async function assertReachable(url: string, timeoutMs = 5000): Promise<void> {
  const probe = new Redis({ ...connectionOf(url), lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  probe.on('error', () => {}); // reported below, once
  try {
    await Promise.race([
      probe.connect().then(() => probe.ping()),
      new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs)),
    ]);
  } catch (e) {
    throw new JobError(`--redis: cannot reach Redis at ${url}: ${(e as Error).message}`);
  } finally {
    probe.disconnect();
  }
}
