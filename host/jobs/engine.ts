// Picks the engine a command runs its jobs on: BullMQ over Redis when a URL is given (workers
// are `hpa worker --redis <url>` processes anywhere), else worker threads in this process.
import { availableParallelism } from 'node:os';
import { EmbeddedEngine } from './embedded.js';
import type { JobEngine } from './types.js';

export interface EngineChoice { redis?: string; threads?: number }

export async function startEngine(choice: EngineChoice = {}): Promise<JobEngine> {
  if (!choice.redis) return EmbeddedEngine.start(choice.threads ?? availableParallelism());
  // BullMQ and ioredis are ~220 modules: loaded only when a run asks for Redis, so every other
  // command starts without them.
  const { RedisEngine } = await import('./redis-engine.js');
  return RedisEngine.connect({ url: choice.redis });
}

/** Runs `fn` on the given engine, or on one started (and closed) for the call. */
export async function withEngine<T>(engine: JobEngine | undefined, choice: EngineChoice, fn: (engine: JobEngine) => Promise<T>): Promise<T> {
  if (engine) return fn(engine);
  const own = await startEngine(choice);
  try { return await fn(own); } finally { await own.close(); }
}
