// The embedded engine: worker threads in this process (one per core by default). Nothing to
// install for one machine; the same jobs and results as the Redis engine.
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { startModuleWorker } from '../realtime/start-worker.js';
import { JobError, type EngineProgress, type JobEngine, type JobSpec } from './types.js';

type Reply = { id: string; ok: true; json: string } | { id: string; ok: false; error: string };

export class EmbeddedEngine implements JobEngine {
  readonly name: string;
  private constructor(private readonly workers: Worker[]) { this.name = `embedded (${workers.length} thread${workers.length === 1 ? '' : 's'})`; }

  static async start(threads = availableParallelism()): Promise<EmbeddedEngine> {
    const url = new URL('./job-thread.js', import.meta.url);
    const workers = Array.from({ length: Math.max(1, threads) }, () => startModuleWorker(url, null));
    await Promise.all(workers.map((w) => new Promise<void>((resolve, reject) => {
      w.once('error', reject);
      w.once('message', () => { w.off('error', reject); resolve(); });
    })));
    return new EmbeddedEngine(workers);
  }

  async run<R>(jobs: JobSpec[], onProgress?: (p: EngineProgress) => void, onResult?: (id: string, result: R) => void): Promise<Map<string, R>> {
    const results = new Map<string, R>();
    const unique = [...new Map(jobs.map((j) => [j.id, j])).values()];
    let next = 0, failed = false;
    await Promise.all(this.workers.map((w) => new Promise<void>((resolve, reject) => {
      const fail = (e: Error) => reject(e);
      w.on('error', fail);
      const feed = () => {
        if (next >= unique.length || failed) { w.off('error', fail); resolve(); return; }
        const job = unique[next++];
        w.once('message', (reply: Reply) => {
          if (!reply.ok) { failed = true; w.off('error', fail); reject(new JobError(`job ${reply.id}: ${reply.error}`)); return; }
          const result = JSON.parse(reply.json) as R;
          results.set(reply.id, result);
          onResult?.(reply.id, result);
          onProgress?.({ done: results.size, total: unique.length, stalled: 0 });
          feed();
        });
        w.postMessage(job);
      };
      feed();
    })));
    return results;
  }

  async close(): Promise<void> { await Promise.all(this.workers.map((w) => w.terminate())); }
}
