// A release arriving while the firmware runs in real time (`hpa ota live`). Three threads:
// this one plays the telematics unit (reads the package at --at and hands it over), the prep
// worker verifies, compiles and burns it in (prepare.ts), and the loop worker runs the firmware
// on wall-clock deadlines, adopts the warmed module, shadows, swaps and trials it
// (realtime-swap-worker.ts). The simulated-time path (live-swap.ts) stays as it is.
import { readPackageFile } from '../release/source.js';
import { join } from 'node:path';
import { MessageChannel, type Worker } from 'node:worker_threads';
import { startModuleWorker } from '../../realtime/start-worker.js';
import { DEFAULT_HARDWARE_ID, otaDir } from '../device/slots.js';
import { deviceView, liveFloor, type DeviceView } from '../device/policy.js';
import { auditOnDevice } from '../device/session.js';
import { OtaError, OtaRefusal } from '../errors.js';
import { CTL, CTL_CELLS, type LoopInit, type PrepJob, type RealtimeSwapOptions, type RealtimeSwapResult } from './realtime-swap-types.js';

export type { RealtimeSwapOptions, RealtimeSwapResult } from './realtime-swap-types.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Resolves with the worker's first message of the given kind; rejects if it fails first. */
function nextMessage<T>(w: Worker, kind: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMsg = (m: { kind: string }) => { if (m.kind === kind) { cleanup(); resolve(m as T); } };
    const onErr = (e: Error) => { cleanup(); reject(e); };
    const onExit = (code: number) => { cleanup(); reject(new Error(`worker exited (${code}) before "${kind}"`)); };
    const cleanup = () => { w.off('message', onMsg); w.off('error', onErr); w.off('exit', onExit); };
    w.on('message', onMsg); w.once('error', onErr); w.once('exit', onExit);
  });
}

export async function runRealtimeSwap(o: RealtimeSwapOptions): Promise<RealtimeSwapResult> {
  if (!(o.hz > 0) || !(o.seconds > 0) || !(o.atS >= 0) || o.atS >= o.seconds) throw new RangeError('need hz > 0, seconds > 0 and 0 ≤ at < seconds');
  if (!o.allowLiveActivation) throw new OtaError('activation-policy', 'the real-time live swap activates a release while the loop drives; that is a bench / HIL run (pass --allow-live-activation); a vehicle activates parked (`hpa ota install`)', 2);
  const view = deviceView(otaDir(o.dir));
  const control = new SharedArrayBuffer(CTL_CELLS * 4);
  const ctl = new Int32Array(control);
  const { port1: prepSide, port2: loopSide } = new MessageChannel();
  const periodMs = 1000 / o.hz;
  const init: LoopInit = {
    startFirmware: o.startFirmware ?? '1.0.0', hz: o.hz, cycles: Math.round(o.hz * o.seconds), strategy: o.strategy ?? 'spin', sleepMarginUs: o.sleepMarginUs,
    uptimeCycles: o.uptimeCycles ?? 20_000, shadowCycles: o.shadowCycles ?? Math.max(10, Math.round(0.3 * o.hz)),
    trialCycles: o.trialCycles ?? Math.max(10, Math.round(2 * o.hz)), deadlineMs: o.deadlineMs ?? periodMs, seed: o.seed ?? 1, loopNice: o.loopNice ?? -10,
    control, prepPort: loopSide,
  };
  const prepWorker = startModuleWorker(new URL('./prepare-worker.js', import.meta.url), { control, loopPort: prepSide }, [prepSide]);
  const loopWorker = startModuleWorker(new URL('./realtime-swap-worker.js', import.meta.url), init, [loopSide]);
  try {
    const resultP = nextMessage<{ result: RealtimeSwapResult }>(loopWorker, 'result');
    resultP.catch(() => {}); // awaited below; a failure before then surfaces there
    const [loaded] = await Promise.all([
      nextMessage<{ version: string; stateLayoutVersion: number }>(loopWorker, 'loaded'),
      nextMessage(prepWorker, 'idle'),
    ]);
    Atomics.store(ctl, CTL.go, 1);
    Atomics.notify(ctl, CTL.go);

    // The package "arrives" once the loop has run --at seconds of cycles.
    const arrivalCycle = Math.round(o.atS * o.hz);
    while (Atomics.load(ctl, CTL.cyclesDone) < arrivalCycle) {
      const left = (arrivalCycle - Atomics.load(ctl, CTL.cyclesDone)) * periodMs;
      await Promise.race([sleep(Math.max(1, Math.min(left, 50))), resultP]);
      if (Atomics.load(ctl, CTL.stop) !== 0) break;
    }
    const job: PrepJob = {
      packageBytes: readForDevice(o.packagePath, view), // bounded: a FIFO or /dev/zero is refused, never read whole
      trustPath: o.trustConfig ?? view?.rootPath ?? join(otaDir(), 'root.json'),
      hardwareId: o.hardwareId ?? view?.hardwareId ?? DEFAULT_HARDWARE_ID,
      // The device's anti-rollback floor (device/policy.ts), as on every other path.
      installed: liveFloor(view, loaded.version),
      seen: view?.seen,
      runningStateLayout: loaded.stateLayoutVersion,
      burnInSteps: o.burnInSteps,
    };
    Atomics.store(ctl, CTL.arrived, 1);
    prepWorker.postMessage(job);
    const { result } = await resultP;
    // As on every path: a refusal on a device is in that device's audit log.
    if (view && result.outcome === 'refused' && result.refusal) auditOnDevice(view.dir, { action: 'live-swap', result: 'refused', attack: result.refusal, detail: `real-time live swap refused the package (${result.refusal})` });
    return result;
  } finally {
    await Promise.all([prepWorker.terminate(), loopWorker.terminate()]);
  }
}

/** Reads the package bounded; a refusal (a FIFO, a directory, /dev/zero) is in the device's audit log, as on every path. */
function readForDevice(path: string, view: DeviceView | null): Uint8Array {
  try { return readPackageFile(path); } catch (e) {
    if (view && e instanceof OtaRefusal) auditOnDevice(view.dir, { action: 'live-swap', result: 'refused', attack: e.attack, detail: e.message });
    throw e;
  }
}
