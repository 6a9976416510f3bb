// Names shared by the submitter and the workers on Redis.
import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import { shownUrl } from './redis-url.js';
import { JobError } from './types.js';

export const QUEUE = 'hpa-jobs';
export const resultsKey = (runId: string): string => `hpa:results:${runId}`;
/** BullMQ job ids may not contain ':'; a hash of (run, job key) is stable and unique. */
export const bullJobId = (runId: string, id: string): string => createHash('sha256').update(`${runId}\n${id}`).digest('hex').slice(0, 40);
/** A submission is identified by what it computes: the same jobs ⇒ the same run (resumable). */
export const runIdOf = (ids: string[]): string => createHash('sha256').update([...ids].sort().join('\n')).digest('hex').slice(0, 24);

export { shownUrl };

export interface RedisConnection { host: string; port: number; db: number; username?: string; password?: string; tls?: object; maxRetriesPerRequest: null }

/** Parses redis[s]://[[user]:password@]host:port[/db] into ioredis options (BullMQ needs
 * maxRetriesPerRequest: null): a team's Redis asks for a password (AUTH, ACL users) and may
 * speak TLS (rediss://). */
export function connectionOf(url: string): RedisConnection {
  let u: URL;
  const notRedis = () => new JobError(`--redis: "${shownUrl(url)}" is not a redis:// or rediss:// URL`);
  try { u = new URL(url); } catch { throw notRedis(); }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') throw notRedis();
  const db = Number(u.pathname.slice(1) || 0);
  if (!Number.isInteger(db) || db < 0) throw new JobError(`--redis: "${shownUrl(url)}": database "${u.pathname.slice(1)}" is not a number`);
  return {
    host: u.hostname || '127.0.0.1', port: Number(u.port || 6379), db,
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    ...(u.protocol === 'rediss:' ? { tls: {} } : {}),
    maxRetriesPerRequest: null,
  };
}

/** Fails with a named error when nothing answers at `url` (BullMQ would otherwise wait for ever). */
export async function assertReachable(url: string, timeoutMs = 5000): Promise<void> {
  const probe = new Redis({ ...connectionOf(url), lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  let cause = '';
  probe.on('error', (e: Error) => { cause ||= e.message; }); // reported below, once: the first is the reason (WRONGPASS, ECONNREFUSED)
  try {
    await Promise.race([
      probe.connect().then(() => probe.ping()),
      new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs)),
    ]);
  } catch (e) {
    throw new JobError(`--redis: cannot reach Redis at ${shownUrl(url)}: ${cause || (e as Error).message}`);
  } finally {
    probe.disconnect();
  }
}
