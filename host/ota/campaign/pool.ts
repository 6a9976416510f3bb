// A fixed pool of campaign workers (one per core). Jobs go out in batches; results come back
// in order. Workers run compiled JS (dist/): the URL below resolves next to this file.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { FirmwareInfo } from '../../ecu/firmware.js';
import type { RigOptions } from './rig.js';

export interface PoolInit { current: { bytes: Uint8Array; info: FirmwareInfo }; recall: { bytes: Uint8Array; info: FirmwareInfo }; rig: RigOptions }

const BATCH = 256;

export class TrialPool {
  private constructor(private readonly workers: Worker[]) {}

  static async start(init: PoolInit, threads = availableParallelism()): Promise<TrialPool> {
    const url = new URL('./worker.js', import.meta.url);
    const workers = Array.from({ length: Math.max(1, threads) }, () => new Worker(url, { workerData: init }));
    await Promise.all(workers.map((w) => new Promise<void>((resolve, reject) => {
      w.once('error', reject);
      w.once('message', (m) => (m === 'ready' ? resolve() : reject(new Error(`worker said ${String(m)}`))));
    })));
    return new TrialPool(workers);
  }

  /** Runs jobs (vehicle, seed, stallMs triples) and returns one outcome code per job. */
  async run(jobs: Int32Array, onProgress?: (done: number) => void): Promise<Uint8Array> {
    const n = jobs.length / 3;
    const results = new Uint8Array(n);
    let next = 0, done = 0;
    await Promise.all(this.workers.map((w) => new Promise<void>((resolve, reject) => {
      const feed = () => {
        if (next >= n) { w.off('error', reject); resolve(); return; }
        const start = next, end = Math.min(n, next + BATCH);
        next = end;
        w.once('message', (out: Uint8Array) => {
          results.set(out, start);
          done += end - start;
          onProgress?.(done);
          feed();
        });
        w.postMessage(jobs.slice(start * 3, end * 3));
      };
      w.on('error', reject);
      feed();
    })));
    return results;
  }

  async close(): Promise<void> { await Promise.all(this.workers.map((w) => w.terminate())); }
}
