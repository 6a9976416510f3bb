// Closed-loop throughput: the whole loop (scene + sensor model → firmware → driver + plant) run
// back to back for a fixed wall time, on one thread and on one worker thread per core.
import { availableParallelism } from 'node:os';
import { startWorker } from './worker-url.js';

export interface ClosedLoopArgs { scenarioFile: string; firmware: string; seconds: number; warmupS: number; threads?: number }
export interface LoopFigures { cycles: number; virtualKm: number; wallS: number; cyclesPerSec: number; kmPerSec: number }
export interface ClosedLoopResult {
  scenario: string; singleThread: LoopFigures; threads: number; allThreads: LoopFigures;
  /** Aggregate across threads divided by thread count. */
  perCoreCyclesPerSec: number; perCoreKmPerSec: number;
}

function runWorkers(args: ClosedLoopArgs, threads: number): Promise<LoopFigures[]> {
  return Promise.all(Array.from({ length: threads }, () => new Promise<LoopFigures>((resolve, reject) => {
    const w = startWorker(new URL('./closed-loop-worker.js', import.meta.url), args);
    w.once('message', resolve);
    w.once('error', reject);
  })));
}

export async function measureClosedLoop(args: ClosedLoopArgs): Promise<ClosedLoopResult> {
  const threads = args.threads ?? availableParallelism();
  const [single] = await runWorkers(args, 1);
  const per = await runWorkers(args, threads);
  const cycles = per.reduce((a, r) => a + r.cycles, 0);
  const km = per.reduce((a, r) => a + r.virtualKm, 0);
  const wallS = Math.max(...per.map((r) => r.wallS));
  const all: LoopFigures = { cycles, virtualKm: km, wallS, cyclesPerSec: cycles / wallS, kmPerSec: km / wallS };
  return {
    scenario: args.scenarioFile, singleThread: single, threads, allThreads: all,
    perCoreCyclesPerSec: all.cyclesPerSec / threads, perCoreKmPerSec: all.kmPerSec / threads,
  };
}
