// Shared between the real-time runner and its worker thread.
export type RealtimeStrategy = 'spin' | 'sleep-spin' | 'atomics';

export interface RealtimeOptions {
  /** Firmware version ("1.1.0") or .wasm path. */
  firmware: string;
  hz: number;
  seconds: number;
  /**
   * spin: busy-wait to each deadline (one core, lowest jitter);
   * sleep-spin: Atomics.wait until `sleepMarginUs` before the deadline, then spin;
   * atomics: Atomics.wait all the way to the deadline (least CPU, most jitter).
   */
  strategy: RealtimeStrategy;
  sleepMarginUs?: number;
  /** Input frames (cycles × input slots), replayed in a loop; default: an idle frame with an advancing counter. */
  frames?: Float64Array;
  /** Steps run on a throwaway pass before the clock starts, so the first cycles run optimised code. */
  warmupSteps?: number;
}

export interface JitterUs { p50: number; p99: number; max: number }

export interface RealtimeResult {
  hz: number;
  seconds: number;
  strategy: RealtimeStrategy;
  cycles: number;
  /** Cycles that finished after the next cycle's deadline. */
  overruns: number;
  /** How late each cycle started against its absolute deadline t0 + k / hz. */
  jitterUs: JitterUs;
  /** Wall time of write frame + step + read outputs. */
  cycleUs: JitterUs;
  /** Total drift of the last start against its deadline (absolute deadlines keep it at jitter size). */
  lastStartLateUs: number;
}

export interface WorkerInput {
  options: Omit<RealtimeOptions, 'frames'>;
  frames: Float64Array | null;
  /** [0] = stop request; [1] = cycles done. */
  control: SharedArrayBuffer;
  /** Latest outputs, updated every cycle (read by the caller at will). */
  outputs: SharedArrayBuffer;
}

/** Exact percentiles from a full sample (nearest rank on a sorted copy, as the native runner does). */
export function percentiles(samples: Float64Array): JitterUs {
  if (samples.length === 0) return { p50: 0, p99: 0, max: 0 };
  const s = Float64Array.from(samples).sort();
  const at = (q: number) => s[Math.floor(q * (s.length - 1))];
  return { p50: at(0.5), p99: at(0.99), max: s[s.length - 1] };
}
