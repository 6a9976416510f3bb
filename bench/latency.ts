// Per-cycle latency of the host cycle over ≥ 10⁶ cycles, each timed with performance.now()
// (no BigInt allocation) into a preallocated histogram; the timer's own cost is measured the
// same way (two back-to-back reads) and reported beside it, never subtracted silently.
import { Ecu } from '../host/ecu/ecu.js';
import { LatencyHistogram, type LatencySummary } from '../host/realtime/latency-histogram.js';
import { loadFrames } from './frames.js';
import { hostCycle } from './host-cycle.js';

export interface LatencyArgs { firmware: string; framesPath: string; cycles: number; warmupSteps: number }
export interface LatencyResult { cycleLatencyNs: LatencySummary; timerOverheadNs: LatencySummary; cycles: number; frames: number }

export function timerOverhead(samples: number): LatencySummary {
  const h = new LatencyHistogram();
  for (let i = 0; i < samples; i++) {
    const t0 = performance.now();
    h.record((performance.now() - t0) * 1e6);
  }
  return h.summary();
}

export function measureCycleLatency(args: LatencyArgs): LatencyResult {
  const ecu = Ecu.load(args.firmware);
  const cycle = hostCycle(ecu, loadFrames(args.framesPath));
  const n = cycle.frameCount;
  const h = new LatencyHistogram();
  let sink = 0;
  const pass = (cycles: number) => {
    ecu.reset();
    let k = 0, sum = 0; // a local: a captured `let` would box each sum in a new heap number inside the timed span
    for (let i = 0; i < cycles; i++) {
      const t0 = performance.now();
      sum += cycle.run(k);
      h.record((performance.now() - t0) * 1e6);
      if (++k === n) { k = 0; ecu.reset(); }
    }
    sink += sum;
  };
  pass(args.warmupSteps);
  timerOverhead(args.warmupSteps);
  h.reset();
  pass(args.cycles);
  if (Number.isNaN(sink)) console.error('non-finite outputs');
  return { cycleLatencyNs: h.summary(), timerOverheadNs: timerOverhead(args.cycles), cycles: args.cycles, frames: n };
}
