// Real-time fixed-step runner: runs one firmware at a fixed rate on wall-clock time in a worker
// thread (so the caller's event loop and GC cannot delay a cycle), with absolute deadlines and
// overrun / start-jitter accounting. Used by `hpa bench` and by anything that needs real time.
import { Worker } from 'node:worker_threads';
import { LAYOUT } from '../ecu/abi-views.js';
import type { RealtimeOptions, RealtimeResult, WorkerInput } from './realtime-types.js';

export type { RealtimeOptions, RealtimeResult, RealtimeStrategy, JitterUs } from './realtime-types.js';

const FROM_SOURCE = import.meta.url.endsWith('.ts');
const WORKER_URL = new URL(`./realtime-worker.${FROM_SOURCE ? 'ts' : 'js'}`, import.meta.url);

export interface RealtimeHandle {
  result: Promise<RealtimeResult>;
  /** Latest outputs of the firmware (shared memory, updated every cycle). */
  outputs: Float64Array;
  cyclesDone(): number;
  /** Ends the run at the next cycle boundary; `result` then covers the cycles run. */
  stop(): void;
}

export function startRealtime(options: RealtimeOptions): RealtimeHandle {
  if (!(options.hz > 0) || !(options.seconds > 0)) throw new RangeError('hz and seconds must be positive');
  const { frames, ...rest } = options;
  if (frames && frames.length % LAYOUT.inputs.slots !== 0) throw new RangeError(`frames must hold whole input frames of ${LAYOUT.inputs.slots} slots`);
  const control = new SharedArrayBuffer(8);
  const outputs = new SharedArrayBuffer(LAYOUT.outputs.slots * 8);
  const data: WorkerInput = { options: rest, frames: frames ?? null, control, outputs };
  const worker = FROM_SOURCE
    // Workers do not inherit the tsx loader: register it inside the worker, then load the source.
    ? new Worker(`import('tsx/esm/api').then((t) => { t.register(); return import(${JSON.stringify(WORKER_URL.href)}); });`, { eval: true, workerData: data })
    : new Worker(WORKER_URL, { workerData: data });
  const ctl = new Int32Array(control);
  const result = new Promise<RealtimeResult>((resolve, reject) => {
    worker.once('message', (r: RealtimeResult) => resolve(r));
    worker.once('error', reject);
    worker.once('exit', (code) => { if (code !== 0) reject(new Error(`real-time worker exited with ${code}`)); });
  });
  return {
    result, outputs: new Float64Array(outputs),
    cyclesDone: () => Atomics.load(ctl, 1),
    stop: () => Atomics.store(ctl, 0, 1),
  };
}

export function runRealtime(options: RealtimeOptions): Promise<RealtimeResult> {
  return startRealtime(options).result;
}
