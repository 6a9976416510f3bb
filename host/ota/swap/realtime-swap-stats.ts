// Turns the loop's per-cycle times and cycle classes into the real-time swap's result.
import type { DeadlineLoopTimes } from '../../realtime/deadline-loop.js';
import { percentiles } from '../../realtime/realtime-types.js';
import type { CycleClass, PrepMessage, RealtimeSwapResult } from './realtime-swap-types.js';

/** What the loop did in a cycle. */
export const CYCLE_KIND = { steady: 0, preparing: 1, shadow: 2, swap: 3, trial: 4 } as const;

type Facts = Omit<RealtimeSwapResult, 'seconds' | 'cycles' | 'overruns' | 'overrunEpisodes' | 'jitterUs' | 'cycleUs' | 'steady' | 'preparing' | 'shadow' | 'trial'
  | 'swapCycleUs' | 'swapCycleJitterUs' | 'swapCycleOverrun' | 'prep'> & { prep: PrepMessage | null };

export function summarise(times: DeadlineLoopTimes, kind: Uint8Array, f: Facts): RealtimeSwapResult {
  const classOf = (k: number): CycleClass => {
    const sel: number[] = [];
    let overruns = 0;
    for (let i = 0; i < times.cycles; i++) if (kind[i] === k) { sel.push(times.cycleUs[i]); overruns += times.overrun[i]; }
    return { ...percentiles(Float64Array.from(sel)), n: sel.length, overruns };
  };
  const swapIdx = f.swapCycle === null ? -1 : f.swapCycle - f.uptimeCycles;
  const { module: _module, ...prep } = (f.prep ?? {}) as PrepMessage & { module?: unknown };
  // One preemption of the VM makes several overruns in a row; count those runs as one episode.
  let overrunEpisodes = 0;
  for (let i = 0; i < times.cycles; i++) if (times.overrun[i] && (i === 0 || !times.overrun[i - 1])) overrunEpisodes++;
  return {
    ...f, seconds: times.cycles / f.hz, cycles: times.cycles, overruns: times.overruns, overrunEpisodes,
    jitterUs: percentiles(times.jitterUs), cycleUs: percentiles(times.cycleUs),
    // Steady: the running version alone, before the arrival and after the outcome.
    steady: classOf(CYCLE_KIND.steady), preparing: classOf(CYCLE_KIND.preparing), shadow: classOf(CYCLE_KIND.shadow), trial: classOf(CYCLE_KIND.trial),
    swapCycleUs: swapIdx >= 0 ? times.cycleUs[swapIdx] : null, swapCycleJitterUs: swapIdx >= 0 ? times.jitterUs[swapIdx] : null,
    swapCycleOverrun: swapIdx >= 0 ? times.overrun[swapIdx] === 1 : null,
    prep: f.prep ? prep as RealtimeSwapResult['prep'] : null,
  };
}
