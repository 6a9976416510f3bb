// OTA swap cost: verify (host/ota's verifyPackage), compile (fresh bytes every time, so V8's
// module cache cannot hide it), instantiate, warm-up; then ≥ 1,000 live swaps between 1.0.0 and
// 1.1.0 at cycle boundaries with every cycle timed, counting deadline misses.
import { Ecu } from '../host/ecu/ecu.js';
import { resolveFirmware } from '../host/ecu/firmware.js';
import { verifyPackage } from '../host/ota/release/verify.js';
import { LatencyHistogram, type LatencySummary } from '../host/realtime/latency-histogram.js';
import { loadFrames, OUTPUT_SLOTS } from './frames.js';
import { frameViews } from './host-cycle.js';
import { benchPackage, benchSigner } from './ota-package.js';
import { median } from './step-ns.js';
import { StateTransfer } from './state-transfer.js';
import { wasmVariant } from './wasm-variant.js';
import { startWorker } from './worker-url.js';

export interface SwapArgs {
  framesPath: string; swaps: number; cyclesBetweenSwaps: number; timingSamples: number; warmupSteps: number;
  /** The ECU's cycle deadline (10 ms at 100 Hz). */
  deadlineMs: number;
  /** true: every swap brings a newly compiled module (a real OTA); false: fresh instances of two warmed modules. */
  freshModulePerSwap: boolean;
  /** Cycles before each swap in which the next instance shadow-runs on the live state and inputs. */
  shadowCycles: number;
  /** Warm new modules in a worker thread (the control thread never runs the warm-up steps). */
  warmInWorker: boolean;
}

export interface SwapResult {
  verifyMs: number; compileMs: number; instantiateMs: number; warmupMs: number;
  /** First cycle of a fresh instance of a never-run module, of a module warmed in this thread, and in a worker. */
  firstCycleUs: { cold: number; warmedInThread: number; warmedInWorker: number };
  /** Boundary part of the state transfer (scalars + new recorder rows), the whole block, and the first cycle on the new instance. */
  stateCopyNs: number; fullStateCopyNs: number; firstCycleNs: number;
  swapCycleNs: number; swapCycleDetailNs: LatencySummary;
  /** A swap-free run of the same loop (the reference), and the cycles between swaps (disturbed by the off-path preparation). */
  steadyP99Ns: number; steadyNs: LatencySummary; betweenSwapsNs: LatencySummary;
  /** Cycles over the deadline during the swap phase (swap cycles and the cycles between them). */
  swaps: number; missedDeadlines: number; deadlineMs: number;
  tightDeadlineNs: number; swapCyclesOverTightDeadline: number; freshModulePerSwap: boolean; warmupSteps: number; warmInWorker: boolean;
}

const VERSIONS = ['1.0.0', '1.1.0'] as const;

export async function measureSwap(args: SwapArgs): Promise<SwapResult> {
  const frames = loadFrames(args.framesPath);
  const views = frameViews(frames);
  const frameCount = views.length;
  const images = VERSIONS.map((v) => resolveFirmware(v));
  const outputs = new Float64Array(OUTPUT_SLOTS);
  let variantCounter = 0;

  const cycle = (ecu: Ecu, k: number): void => {
    ecu.inputs.set(views[k % frameCount]);
    ecu.step();
    outputs.set(ecu.outputs);
  };
  const warm = (ecu: Ecu) => { for (let k = 0; k < args.warmupSteps; k++) cycle(ecu, k); };
  const compileFresh = async (which: number) => WebAssembly.compile(wasmVariant(images[which].bytes, ++variantCounter));
  const instance = (module: WebAssembly.Module, which: number) => new Ecu(module, images[which].info);

  const warmer = startWorker(new URL('./warm-worker.js', import.meta.url), { frames, steps: args.warmupSteps });
  const warmOffThread = (module: WebAssembly.Module, which: number) => new Promise<void>((resolve, reject) => {
    warmer.once('message', () => resolve());
    warmer.once('error', reject);
    warmer.postMessage({ module, info: images[which].info });
  });
  const firstCycleUs = (ecu: Ecu) => { const t = performance.now(); cycle(ecu, 0); return (performance.now() - t) * 1000; };

  // 1. Off-path costs, each on bytes V8 has never seen.
  const signer = benchSigner();
  const verifyMs: number[] = [], compileMs: number[] = [], instantiateMs: number[] = [], warmupMs: number[] = [];
  const firstCold: number[] = [], firstWarmed: number[] = [], firstWorkerWarmed: number[] = [];
  for (let s = 0; s < args.timingSamples; s++) {
    const which = s % 2;
    const pkg = benchPackage(wasmVariant(images[which].bytes, ++variantCounter), VERSIONS[which], signer);
    let t = performance.now();
    verifyPackage(pkg, signer.ctx);
    verifyMs.push(performance.now() - t);
    t = performance.now();
    const module = await compileFresh(which);
    compileMs.push(performance.now() - t);
    t = performance.now();
    const ecu = instance(module, which);
    instantiateMs.push(performance.now() - t);
    t = performance.now();
    warm(ecu);
    warmupMs.push(performance.now() - t);
    // First cycle of a fresh instance: never-run module, warmed here, warmed in a worker thread.
    firstWarmed.push(firstCycleUs(instance(module, which)));
    firstCold.push(firstCycleUs(instance(await compileFresh(which), which)));
    const offThread = await compileFresh(which);
    await warmOffThread(offThread, which);
    firstWorkerWarmed.push(firstCycleUs(instance(offThread, which)));
  }

  // 2. Live swaps. A swap target is prepared off the cycle path: compiled, warmed on a throwaway
  // instance, then a fresh instance of the warmed module receives the state at the boundary.
  const warmedModules: WebAssembly.Module[] = [];
  for (const which of [0, 1]) { const m = await compileFresh(which); warm(instance(m, which)); warmedModules.push(m); }
  const prepare = async (which: number): Promise<Ecu> => {
    if (!args.freshModulePerSwap) return instance(warmedModules[which], which);
    const m = await compileFresh(which);
    if (args.warmInWorker) await warmOffThread(m, which);
    else warm(instance(m, which));
    return instance(m, which);
  };

  let cur = instance(warmedModules[1], 1);
  let curWhich = 1;
  const steady = new LatencyHistogram(), between = new LatencyHistogram(), swapH = new LatencyHistogram(), copyH = new LatencyHistogram(), firstH = new LatencyHistogram();
  const swapNs = new Float64Array(args.swaps);
  const last = args.cyclesBetweenSwaps - 1;
  let missed = 0, k = 0;
  // Steady reference: the same loop on one instance with no swap in sight, in this process.
  const steadyCycles = Math.max(100_000, args.swaps * args.cyclesBetweenSwaps);
  for (let c = -args.warmupSteps; c < steadyCycles; c++, k++) {
    const t0 = performance.now();
    cycle(cur, k);
    const ns = (performance.now() - t0) * 1e6;
    if (c >= 0) steady.record(ns);
  }
  // The boundary runs once per swap, too rarely for V8 to optimise it in place (timed there it
  // ran in the interpreter, ~1–2 µs). As its own function, exercised here first, it is optimised.
  const marks = new Float64Array(3);
  const boundary = (transfer: StateTransfer, next: Ecu, kNow: number): void => {
    marks[0] = performance.now();
    transfer.complete();
    marks[1] = performance.now();
    cycle(next, kNow);
    marks[2] = performance.now();
  };
  {
    const a = instance(warmedModules[0], 0), b = instance(warmedModules[1], 1);
    const scratch = [new StateTransfer(a, b), new StateTransfer(b, a)];
    for (let i = 0; i < 20_000; i++) { scratch[i & 1].precopy(); boundary(scratch[i & 1], i & 1 ? a : b, i); }
  }
  const warmSwaps = 20; // the call sites must see both instances before anything is recorded
  for (let s = -warmSwaps; s < args.swaps; s++) {
    const next = await prepare(1 - curWhich);
    const transfer = new StateTransfer(cur, next);
    for (let c = 0; c <= last; c++, k++) {
      const t0 = performance.now();
      cycle(cur, k);
      const ns = (performance.now() - t0) * 1e6;
      if (s >= 0) { between.record(ns); if (ns > args.deadlineMs * 1e6) missed++; }
      // In the slack after a cycle: shadow-run the next instance on live state and inputs
      // (keeps its memory and code hot), then pre-copy the state one cycle before the boundary.
      if (c >= last - args.shadowCycles && c < last - 1) { transfer.precopy(); cycle(next, k); }
      if (c === last - 1) transfer.precopy();
    }
    if (s < 0) { transfer.complete(); if (!equalBytes(cur.stateBytes, next.stateBytes)) throw new Error('state transfer lost bytes'); }
    boundary(transfer, next, k++);
    const [t0, tCopied, t1] = marks;
    const ns = (t1 - t0) * 1e6;
    cur = next; curWhich = 1 - curWhich;
    if (s >= 0) {
      swapH.record(ns); copyH.record((tCopied - t0) * 1e6); firstH.record((t1 - tCopied) * 1e6); swapNs[s] = ns;
      if (ns > args.deadlineMs * 1e6) missed++;
    }
  }
  await warmer.terminate();
  const fullCopyNs = timeFullCopy(cur, instance(warmedModules[1 - curWhich], 1 - curWhich));
  const steadyNs = steady.summary();
  const tight = 2 * steadyNs.p99;
  let overTight = 0;
  for (const ns of swapNs) if (ns > tight) overTight++;
  const swapDetail = swapH.summary();
  return {
    verifyMs: median(verifyMs), compileMs: median(compileMs), instantiateMs: median(instantiateMs), warmupMs: median(warmupMs),
    firstCycleUs: { cold: median(firstCold), warmedInThread: median(firstWarmed), warmedInWorker: median(firstWorkerWarmed) },
    stateCopyNs: copyH.summary().p50, fullStateCopyNs: fullCopyNs, firstCycleNs: firstH.summary().p50, swapCycleNs: swapDetail.p50, swapCycleDetailNs: swapDetail, steadyP99Ns: steadyNs.p99, steadyNs, betweenSwapsNs: between.summary(),
    swaps: args.swaps, missedDeadlines: missed, deadlineMs: args.deadlineMs, tightDeadlineNs: tight,
    swapCyclesOverTightDeadline: overTight, freshModulePerSwap: args.freshModulePerSwap, warmupSteps: args.warmupSteps, warmInWorker: args.warmInWorker,
  };
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The whole-block copy (what Ecu.snapshot/restore would do at the boundary), for comparison. */
function timeFullCopy(from: Ecu, to: Ecu): number {
  const h = new LatencyHistogram();
  for (let i = 0; i < 2_000; i++) {
    const t0 = performance.now();
    to.restore(from.stateBytes);
    h.record((performance.now() - t0) * 1e6);
  }
  return h.summary().p50;
}
