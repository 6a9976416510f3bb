// ≥ 1,000 live swaps between two versions in one closed loop, checking the swap promise:
// no missed cycle, the outputs after each swap bit-identical to a fresh instance of the new
// version started from the same state on the same frames, and the swap cycle no slower than
// a steady cycle beyond noise. Timing uses performance.now() around each cycle; its own
// overhead is measured and reported beside the figures.
import { CYCLE_S } from '../../../abi/signals.js';
import { LAYOUT } from '../../ecu/abi-views.js';
import { Ecu } from '../../ecu/ecu.js';
import { resolveFirmware } from '../../ecu/firmware.js';
import { Candidate } from './candidate.js';
import { SyntheticDrive } from './drive.js';
import { FirmwareSwitch } from './swapper.js';
import { badOutput } from './watchdog.js';

export interface SwapBenchOptions { from: string; to: string; swaps: number; segmentCycles: number; trialCycles: number; seed: number }

export interface Percentiles { p50Us: number; p99Us: number; maxUs: number; n: number }
export interface SwapBenchResult {
  from: string; to: string; swaps: number; cycles: number;
  /** Cycles the swap cost: a swap cycle over the budget, or any cycle served by the fallback or with a bad output. */
  missedCycles: number; fallbackCycles: number; badOutputCycles: number;
  /** Steady cycles over the budget: the host OS preempting the process, reported apart from the swaps. */
  steadyOverruns: number;
  bitIdentical: boolean; mismatchedCycles: number; comparedCycles: number;
  steady: Percentiles; swapCycle: Percentiles; boundaryCopy: Percentiles; timerOverheadUs: number;
  cycleBudgetUs: number;
}

function percentiles(samples: Float64Array): Percentiles {
  const s = Float64Array.from(samples).sort();
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))] * 1000;
  return { p50Us: at(0.5), p99Us: at(0.99), maxUs: s[s.length - 1] * 1000, n: s.length };
}

function sameBits(a: Float64Array, b: Float64Array): boolean {
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

export function runSwapBench(o: SwapBenchOptions): SwapBenchResult {
  const versions = [o.from, o.to].map((ref) => {
    const image = resolveFirmware(ref);
    const c = new Candidate(image.bytes, image.info); // compile + 20k-step burn-in
    c.burnIn();
    return { c, ref: new Ecu(c.module, image.info), spare: new Ecu(c.module, image.info) };
  });
  // Serving instances: the warm shadow instance of each version.
  const serving = versions.map((v) => v.c.shadow);
  const sw = new FirmwareSwitch(serving[0], versions[0].spare, { trialCycles: o.trialCycles, deadlineMs: CYCLE_S * 1000 });
  const drive = new SyntheticDrive(o.seed);
  const outputs = new Float64Array(LAYOUT.outputs.slots);
  const state = new Uint8Array(serving[0].stateBytes.length);
  // Exercise the loop with both instances first (toolchain.md: the call site deoptimises the first time it sees a second instance).
  for (let i = 0; i < 2_000; i++) { if (i % 500 === 0) sw.swapTo(serving[(i / 500 + 1) % 2], 0); sw.cycle(drive.next(outputs), outputs, i); }
  if (sw.ecu !== serving[0]) sw.swapTo(serving[0], 0);

  const total = o.swaps * o.segmentCycles;
  const steadyTimes = new Float64Array(total - o.swaps);
  const swapTimes = new Float64Array(o.swaps);
  const boundaryTimes = new Float64Array(o.swaps);
  let nSteady = 0, swapOverruns = 0, steadyOverruns = 0, bad = 0, mismatched = 0, compared = 0;
  const budgetMs = CYCLE_S * 1000;
  let cycle = 2_000;
  let timerOverhead = Infinity;
  for (let i = 0; i < 1_000; i++) { const t0 = performance.now(); timerOverhead = Math.min(timerOverhead, performance.now() - t0); }

  for (let s = 0; s < o.swaps; s++) {
    const next = (s + 1) % 2;
    const ref = versions[next].ref;
    for (let k = 0; k < o.segmentCycles; k++, cycle++) {
      if (k === 0) {
        // The boundary: after the previous cycle's outputs went out, before this cycle's frame.
        const tb = performance.now();
        sw.swapTo(serving[next]);
        boundaryTimes[s] = performance.now() - tb;
      }
      const frame = drive.next(outputs);
      const t0 = performance.now();
      sw.cycle(frame, outputs, cycle);
      const dt = performance.now() - t0;
      if (k === 0) swapTimes[s] = dt; else steadyTimes[nSteady++] = dt;
      if (dt > budgetMs) { if (k === 0) swapOverruns++; else steadyOverruns++; }
      if (badOutput(outputs) >= 0) bad++;
      // Reference: the new version started from the very state the swap handed over.
      if (k === 0) { sw.fallback.snapshot(state); ref.restore(state); ref.inputs.set(frame); ref.step(); }
      else { ref.inputs.set(frame); ref.step(); }
      compared++;
      if (!sameBits(outputs, ref.outputs)) mismatched++;
    }
  }
  return {
    from: versions[0].c.info.version, to: versions[1].c.info.version, swaps: o.swaps, cycles: total,
    missedCycles: swapOverruns + sw.fallbackCycles + bad, fallbackCycles: sw.fallbackCycles, badOutputCycles: bad, steadyOverruns,
    bitIdentical: mismatched === 0, mismatchedCycles: mismatched, comparedCycles: compared,
    steady: percentiles(steadyTimes.subarray(0, nSteady)), swapCycle: percentiles(swapTimes), boundaryCopy: percentiles(boundaryTimes), timerOverheadUs: timerOverhead * 1000,
    cycleBudgetUs: budgetMs * 1000,
  };
}
