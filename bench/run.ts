// `hpa bench`: runs the selected sections, each timing loop in a process (or worker) of its own,
// and returns one report. Every figure comes from this run; nothing is read back from a file.
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, availableParallelism, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { LAYOUT } from '../host/ecu/abi-views.js';
import { PROJECT_ROOT, resolveFirmware } from '../host/ecu/firmware.js';
import type { ClosedLoopResult } from './closed-loop.js';
import { INPUT_SLOTS, OUTPUT_SLOTS, saveFrames, syntheticDrive } from './frames.js';
import type { LatencyResult } from './latency.js';
import type { MicroRow } from './micro.js';
import { countStepInstructions, VALGRIND_INSTALL } from './instructions.js';
import { buildNative, type NativeBuild } from './native/build-native.js';
import { compareNativeOutputs } from './native-check.js';
import { sizes, type BenchOptions } from './options.js';
import { realtimePair } from './realtime-pair.js';
import { measureUdpRoundTrip } from '../host/hil/latency-bench.js';
import type { BenchReport } from './report-types.js';
import { recordDrive } from './scenario-frames.js';
import { runChild, runNative } from './spawn.js';
import type { StepNsResult } from './step-ns.js';
import { median } from './step-ns.js';
import type { SwapResult } from './swap.js';

interface NativeStep { nsPerStep: number[]; cpuNsPerStep: number[]; copyOnlyNs: number }

export async function runBench(opts: BenchOptions): Promise<BenchReport> {
  const started = Date.now();
  const n = sizes(opts.quick);
  const has = (s: string) => opts.sections.includes(s as never);
  const image = resolveFirmware(opts.firmware);
  const report: BenchReport = {
    machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: availableParallelism(), kernel: release(), memGiB: +(totalmem() / 2 ** 30).toFixed(1) },
    node: process.version, v8: process.versions.v8,
    firmware: { version: image.info.version, sha256: image.info.sha256, bytes: image.info.bytes },
    quick: opts.quick, sections: opts.sections, startedAt: new Date(started).toISOString(), durationS: 0,
    frames: { source: '', cycles: 0 }, skipped: [],
    stepNs: null, stepCpuNs: null, ratioWasmToNativeCpu: null, ratioWasmToNative: null, ratioBaselineToNative: null, ratioStepOnlyToNative: null, nativeBitIdentical: null, stepInstructions: null,
    cycleLatencyNs: null, timerOverheadNs: null, closedLoop: null, swap: null, realtime: null, micro: null,
  };

  const dir = mkdtempSync(join(tmpdir(), 'hpa-bench-'));
  try {
    // The representative input sequence: a recorded simulator drive (synthetic only if the sim fails).
    let frames: Float64Array;
    try {
      const drive = recordDrive(opts.firmware);
      frames = drive.frames;
      report.frames.source = drive.source;
    } catch (e) {
      frames = syntheticDrive(60_000);
      report.frames.source = `synthetic highway drive (simulator unavailable: ${(e as Error).message})`;
    }
    report.frames.cycles = frames.length / INPUT_SLOTS;
    const framesPath = join(dir, 'frames.bin');
    saveFrames(framesPath, frames);

    let native: NativeBuild | null = null;
    if (has('step') || has('realtime') || has('instructions')) {
      opts.log('building the native twin (wasm2c + gcc -O2)…');
      native = buildNative(image.path);
      if (!native.ok) report.skipped.push({ what: 'native rows (step, instructions, realtime)', reason: native.reason, install: native.install });
    }

    if (has('instructions') && native?.ok) {
      opts.log('instructions per step: the native twin under valgrind --tool=callgrind…');
      const r = countStepInstructions(native.dir, native.stepHarness, framesPath, frames.length / INPUT_SLOTS,
        { inSlots: INPUT_SLOTS, inOffset: LAYOUT.inputs.offset, outOffset: LAYOUT.outputs.offset, outSlots: OUTPUT_SLOTS });
      if ('skipped' in r) report.skipped.push({ what: 'instructions per step', reason: r.skipped, install: VALGRIND_INSTALL });
      else report.stepInstructions = r;
    }

    if (has('step')) {
      // The three tiers alternate in short rounds (one process each), so a change in background load
      // on a shared machine hits all of them rather than biasing one. Ratios are the median of the
      // per-round ratios (neighbours in time), ns the median over all reps.
      const rounds = n.stepReps;
      opts.log(`ns per step: V8 optimised, V8 baseline (Liftoff only), native, ${rounds} alternating round(s)…`);
      const args = { firmware: opts.firmware, framesPath, steps: n.stepSteps, reps: Math.ceil(n.stepReps / rounds), warmupSteps: n.warmupSteps };
      const wasm: StepNsResult[] = [], baseline: StepNsResult[] = [], nat: NativeStep[] = [];
      for (let r = 0; r < rounds; r++) {
        wasm.push(await runChild<StepNsResult>('step-ns', args));
        baseline.push(await runChild<StepNsResult>('step-ns', args, ['--liftoff-only']));
        if (native?.ok) {
          const x = await runNative<NativeStep>(native.stepHarness,
            ['time', framesPath, INPUT_SLOTS, LAYOUT.inputs.offset, LAYOUT.outputs.offset, OUTPUT_SLOTS, n.stepSteps, args.reps]);
          if (x) nat.push(x);
        }
      }
      if (native?.ok) report.nativeBitIdentical = await compareNativeOutputs(opts.firmware, native.stepHarness, frames);
      const all = (xs: { nsPerStep: number[] }[]) => xs.flatMap((x) => x.nsPerStep);
      const nativeNs = nat.length ? median(all(nat)) : null;
      const wasmNs = median(all(wasm)), baselineNs = median(all(baseline));
      report.stepNs = {
        wasm: wasmNs, wasmBaseline: baselineNs, native: nativeNs, stepsPerRep: n.stepSteps, reps: args.reps * rounds,
        samples: { wasm: all(wasm), wasmBaseline: all(baseline), native: all(nat) },
        hostShare: { wasmCopyOnlyNs: median(wasm.map((w) => w.copyOnlyNs)), nativeCopyOnlyNs: nat.length ? median(nat.map((x) => x.copyOnlyNs)) : null, jsToWasmCallNs: median(wasm.map((w) => w.emptyCallNs)) },
      };
      const roundRatio = (xs: StepNsResult[]) => median(xs.map((x, r) => median(x.nsPerStep) / median(nat[r].nsPerStep)));
      report.ratioWasmToNative = nat.length === rounds ? roundRatio(wasm) : null;
      report.ratioBaselineToNative = nat.length === rounds ? roundRatio(baseline) : null;
      const cpu = (xs: { cpuNsPerStep: number[] }[]) => xs.flatMap((x) => x.cpuNsPerStep);
      report.stepCpuNs = { wasm: median(cpu(wasm)), native: nat.length ? median(cpu(nat)) : null };
      report.ratioWasmToNativeCpu = nat.length === rounds
        ? median(wasm.map((x, r) => median(x.cpuNsPerStep) / median(nat[r].cpuNsPerStep))) : null;
      // Approximate: each side's host cycle minus its own frame-copy loop leaves the firmware step.
      report.ratioStepOnlyToNative = nat.length === rounds
        ? median(wasm.map((x, r) => (median(x.nsPerStep) - x.copyOnlyNs) / (median(nat[r].nsPerStep) - nat[r].copyOnlyNs))) : null;
    }

    if (has('latency')) {
      opts.log(`per-cycle latency over ${n.latencyCycles.toLocaleString('en')} cycles…`);
      const r = await runChild<LatencyResult>('latency', { firmware: opts.firmware, framesPath, cycles: n.latencyCycles, warmupSteps: n.warmupSteps });
      report.cycleLatencyNs = r.cycleLatencyNs;
      report.timerOverheadNs = r.timerOverheadNs.p50;
      report.timerOverheadDetailNs = r.timerOverheadNs;
    }

    if (has('hil')) {
      opts.log(`HIL: UDP round trip through a served ECU over ${n.hilRoundTrips.toLocaleString('en')} lockstep cycles…`);
      report.hilRoundTripUs = await measureUdpRoundTrip({ firmware: opts.firmware, cycles: n.hilRoundTrips, port: 41990 });
    }

    if (has('closed-loop')) {
      opts.log(`closed loop: ${opts.loopScenario}, ${opts.loopSeconds} s single thread, then all cores…`);
      const r = await runChild<ClosedLoopResult>('closed-loop', {
        scenarioFile: join(PROJECT_ROOT, 'scenarios', `${opts.loopScenario}.json`), firmware: opts.firmware,
        seconds: opts.loopSeconds, warmupS: Math.min(2, opts.loopSeconds / 2),
      });
      report.closedLoop = {
        cyclesPerSec: r.singleThread.cyclesPerSec, kmPerSec: r.singleThread.kmPerSec, threads: r.threads, scenario: opts.loopScenario,
        allThreads: { cyclesPerSec: r.allThreads.cyclesPerSec, kmPerSec: r.allThreads.kmPerSec, perCoreCyclesPerSec: r.perCoreCyclesPerSec },
        minutesFor1MillionKm: 1e6 / r.allThreads.kmPerSec / 60,
      };
    }

    if (has('swap')) {
      opts.log(`OTA swap: verify / compile / warm-up, then ${n.swaps} live swaps 1.0.0 ⇄ 1.1.0 (new module each, then warmed modules)…`);
      const args = {
        framesPath, swaps: n.swaps, cyclesBetweenSwaps: n.cyclesBetweenSwaps, timingSamples: n.swapTimingSamples,
        warmupSteps: n.swapWarmupSteps, deadlineMs: 10, freshModulePerSwap: true, shadowCycles: n.shadowCycles, warmInWorker: true,
      };
      const fresh = await runChild<SwapResult>('swap', args);
      const warmed = await runChild<SwapResult>('swap', { ...args, freshModulePerSwap: false, timingSamples: 2 });
      report.swap = {
        ...fresh,
        warmedModules: {
          swapCycleNs: warmed.swapCycleNs, swapCycleP99Ns: warmed.swapCycleDetailNs.p99, stateCopyNs: warmed.stateCopyNs, firstCycleNs: warmed.firstCycleNs,
          steadyP99Ns: warmed.steadyP99Ns, swapCyclesOverTightDeadline: warmed.swapCyclesOverTightDeadline, missedDeadlines: warmed.missedDeadlines, swaps: warmed.swaps,
        },
      };
    }

    if (has('realtime')) {
      const rounds = opts.quick ? 1 : 6;
      opts.log(`real time: ${opts.hz} Hz for ${opts.realtimeSeconds} s each (${opts.strategy}), Node worker and native alternating in ${rounds} round(s)…`);
      const r = await realtimePair({ firmware: opts.firmware, hz: opts.hz, seconds: opts.realtimeSeconds, rounds, strategy: opts.strategy, frames, framesPath,
        rtRunner: native?.ok ? native.rtRunner : null });
      report.realtime = {
        hz: opts.hz, seconds: opts.realtimeSeconds, rounds, strategy: opts.strategy, cycles: r.node.cycles, overruns: r.node.overruns, jitterUs: r.node.jitterUs,
        cycleUs: r.nodeCycleUs, native: r.native && { cycles: r.native.cycles, overruns: r.native.overruns, jitterUs: r.native.jitterUs },
        ratioP99ToNative: r.native && r.native.jitterUs.p99 > 0 ? r.node.jitterUs.p99 / r.native.jitterUs.p99 : null,
      };
    }

    if (has('micro')) {
      opts.log('benchmark.js suite…');
      report.micro = await runChild<MicroRow[]>('micro', { firmware: opts.firmware, framesPath, maxTimeS: opts.microMaxTimeS });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  report.durationS = (Date.now() - started) / 1000;
  return report;
}
