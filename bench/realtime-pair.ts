// The real-time runner against the machine's own floor: the Node worker runner and the native C
// runner (same strategy, same firmware, same frames) alternate in rounds, so both see the same
// background load on a shared machine. Per-round p50/p99 are combined by median, max by max.
import { LAYOUT } from '../host/ecu/abi-views.js';
import { runRealtime, type JitterUs, type RealtimeStrategy } from '../host/realtime/fixed-step-runner.js';
import { INPUT_SLOTS } from './frames.js';
import type { NativeRealtime } from './report-types.js';
import { runNative } from './spawn.js';
import { median } from './step-ns.js';

export interface PairArgs {
  firmware: string; hz: number; seconds: number; rounds: number; strategy: RealtimeStrategy;
  frames: Float64Array; framesPath: string; rtRunner: string | null;
}
export interface RunnerFigures { cycles: number; overruns: number; jitterUs: JitterUs; rounds: JitterUs[] }
export interface PairResult { node: RunnerFigures; nodeCycleUs: JitterUs; native: RunnerFigures | null }

const SLEEP_MARGIN_US = 1000;

function combine(rounds: { cycles: number; overruns: number; jitterUs: JitterUs }[]): RunnerFigures {
  return {
    cycles: rounds.reduce((a, r) => a + r.cycles, 0),
    overruns: rounds.reduce((a, r) => a + r.overruns, 0),
    jitterUs: { p50: median(rounds.map((r) => r.jitterUs.p50)), p99: median(rounds.map((r) => r.jitterUs.p99)), max: Math.max(...rounds.map((r) => r.jitterUs.max)) },
    rounds: rounds.map((r) => r.jitterUs),
  };
}

export async function realtimePair(a: PairArgs): Promise<PairResult> {
  // Whole cycles per round, so the rounds add up to exactly hz × seconds cycles.
  const seconds = Math.max(1, Math.round((a.hz * a.seconds) / a.rounds)) / a.hz;
  const node: Awaited<ReturnType<typeof runRealtime>>[] = [];
  const native: NativeRealtime[] = [];
  // 'atomics' sleeps all the way to the deadline: its native twin is clock_nanosleep with no margin.
  const nativeStrategy = a.strategy === 'spin' ? 'spin' : 'sleep-spin';
  const marginUs = a.strategy === 'atomics' ? 0 : SLEEP_MARGIN_US;
  for (let r = 0; r < a.rounds; r++) {
    node.push(await runRealtime({ firmware: a.firmware, hz: a.hz, seconds, strategy: a.strategy, frames: a.frames, sleepMarginUs: SLEEP_MARGIN_US }));
    if (a.rtRunner) {
      const n = await runNative<NativeRealtime>(a.rtRunner, [nativeStrategy, a.hz, seconds, marginUs, a.framesPath, INPUT_SLOTS, LAYOUT.inputs.offset, LAYOUT.outputs.offset]);
      if (n) native.push(n);
    }
  }
  return {
    node: combine(node),
    nodeCycleUs: { p50: median(node.map((r) => r.cycleUs.p50)), p99: median(node.map((r) => r.cycleUs.p99)), max: Math.max(...node.map((r) => r.cycleUs.max)) },
    native: native.length ? combine(native) : null,
  };
}
