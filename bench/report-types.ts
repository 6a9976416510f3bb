// The shape of `hpa bench --json` (one object on stdout).
import type { LatencySummary } from '../host/realtime/latency-histogram.js';
import type { JitterUs, RealtimeStrategy } from '../host/realtime/fixed-step-runner.js';
import type { StepInstructions } from './instructions.js';
import type { BitIdentity } from './native-check.js';
import type { MicroRow } from './micro.js';
import type { SwapResult } from './swap.js';

export interface NativeRealtime { cycles: number; overruns: number; jitterUs: JitterUs }

export interface BenchReport {
  machine: { cpu: string; cores: number; kernel: string; memGiB: number };
  node: string;
  v8: string;
  firmware: { version: string; sha256: string; bytes: number };
  quick: boolean;
  sections: string[];
  startedAt: string;
  durationS: number;
  frames: { source: string; cycles: number };
  skipped: { what: string; reason: string; install: string }[];
  stepNs: {
    wasm: number; wasmBaseline: number; native: number | null; stepsPerRep: number; reps: number; samples: Record<string, number[]>;
    hostShare: { wasmCopyOnlyNs: number; nativeCopyOnlyNs: number | null; jsToWasmCallNs: number };
  } | null;
  ratioWasmToNative: number | null;
  /** The host cycle in process CPU time (V8: process.cpuUsage, native: CLOCK_PROCESS_CPUTIME_ID), medians over all reps. */
  stepCpuNs: { wasm: number; native: number | null } | null;
  /** ratioWasmToNative in CPU time: not inflated by waiting for a core on a shared machine. */
  ratioWasmToNativeCpu: number | null;
  ratioBaselineToNative: number | null;
  /** (host cycle − frame-copy loop) in V8 over the same in native: the firmware code alone. */
  ratioStepOnlyToNative: number | null;
  nativeBitIdentical: BitIdentity | null;
  /** Instructions per firmware step (the native twin under callgrind): the figure the load does not move. */
  stepInstructions: StepInstructions | null;
  cycleLatencyNs: LatencySummary | null;
  timerOverheadNs: number | null;
  timerOverheadDetailNs?: LatencySummary;
  /** UDP round trip through a served ECU (lockstep, loopback), host/hil/latency-bench.ts. */
  hilRoundTripUs?: import('../host/hil/latency-bench.js').UdpRoundTrip;
  closedLoop: {
    cyclesPerSec: number; kmPerSec: number; threads: number; scenario: string;
    allThreads: { cyclesPerSec: number; kmPerSec: number; perCoreCyclesPerSec: number };
    minutesFor1MillionKm: number;
  } | null;
  /** Headline: every swap brings a newly compiled module. warmedModules: fresh instances of two resident, warmed modules. */
  swap: (SwapResult & {
    warmedModules: {
      swapCycleNs: number; swapCycleP99Ns: number; stateCopyNs: number; firstCycleNs: number; steadyP99Ns: number;
      swapCyclesOverTightDeadline: number; missedDeadlines: number; swaps: number;
    };
  }) | null;
  realtime: {
    hz: number; seconds: number; rounds: number; strategy: RealtimeStrategy; cycles: number; overruns: number; jitterUs: JitterUs; cycleUs: JitterUs;
    native: NativeRealtime | null; ratioP99ToNative: number | null;
  } | null;
  micro: MicroRow[] | null;
}
