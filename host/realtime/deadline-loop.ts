// A fixed-step loop on absolute deadlines (t0 + k × period, so errors never accumulate) with a
// hook for work in the slack after each cycle. Used by the plain runner (realtime-worker.ts) and
// by the OTA real-time swap, which needs more than one firmware per cycle.
import type { RealtimeStrategy } from './realtime-types.js';

export interface DeadlineLoopOptions {
  hz: number;
  cycles: number;
  strategy: RealtimeStrategy;
  /** sleep-spin: Atomics.wait until this long before the deadline, then spin. */
  sleepMarginUs?: number;
  /** Set [0] to non-zero to stop at the next boundary; [1] receives the cycles done. */
  control?: Int32Array;
}

export interface DeadlineLoopTimes {
  cycles: number;
  overruns: number;
  /** Per cycle: start lateness against the deadline, and the timed cycle's wall time. */
  jitterUs: Float64Array;
  cycleUs: Float64Array;
  /** Per cycle: 1 if the cycle (or the slack work after it) ended after the next deadline. */
  overrun: Uint8Array;
}

/**
 * Runs `cycle(i)` at each deadline (timed) and then `slack(i)` (untimed, but if it runs past the
 * next deadline the cycle counts as an overrun: the next one could not start on time).
 */
export function runDeadlineLoop(o: DeadlineLoopOptions, cycle: (i: number) => void, slack?: (i: number) => void): DeadlineLoopTimes {
  const periodMs = 1000 / o.hz;
  const marginMs = o.strategy === 'atomics' ? 0 : (o.sleepMarginUs ?? 1000) / 1000;
  const sleeps = o.strategy !== 'spin';
  const sleepCell = new Int32Array(new SharedArrayBuffer(4));
  const jitterUs = new Float64Array(o.cycles), cycleUs = new Float64Array(o.cycles), overrun = new Uint8Array(o.cycles);
  const ctl = o.control;
  let overruns = 0, done = 0;
  const t0 = performance.now() + periodMs;
  for (let i = 0; i < o.cycles && (!ctl || Atomics.load(ctl, 0) === 0); i++) {
    const deadline = t0 + i * periodMs;
    if (sleeps) {
      const sleepMs = deadline - marginMs - performance.now();
      if (sleepMs > 0) Atomics.wait(sleepCell, 0, 0, sleepMs);
    }
    let start = performance.now();
    while (start < deadline) start = performance.now();
    cycle(i);
    let end = performance.now();
    jitterUs[i] = (start - deadline) * 1000;
    cycleUs[i] = (end - start) * 1000;
    if (slack) { slack(i); end = performance.now(); }
    if (end > deadline + periodMs) { overruns++; overrun[i] = 1; }
    done = i + 1;
    if (ctl) Atomics.store(ctl, 1, done);
  }
  return { cycles: done, overruns, jitterUs: jitterUs.subarray(0, done), cycleUs: cycleUs.subarray(0, done), overrun: overrun.subarray(0, done) };
}
