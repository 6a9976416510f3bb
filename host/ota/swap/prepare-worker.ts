// Worker thread that prepares releases off the control loop (prepare.ts): it receives the
// package bytes from the host, and posts the verified, compiled and burnt-in module straight to
// the loop's MessagePort, then raises a flag in shared memory so the loop (which spins and never
// yields to an event loop) knows to pick it up with receiveMessageOnPort.
import { parentPort, threadId, workerData, type MessagePort } from 'node:worker_threads';
import { OtaRefusal } from '../errors.js';
import { loadTrustedRoot } from '../release/trusted-root.js';
import { prepareRelease } from './prepare.js';
import { CTL, type PrepJob, type PrepMessage } from './realtime-swap-types.js';
import { setThreadNice } from '../../realtime/thread-priority.js';

const { control, loopPort } = workerData as { control: SharedArrayBuffer; loopPort: MessagePort };
const ctl = new Int32Array(control);
// Background work: on a 2-core machine it must not take the loop's core.
setThreadNice(19);

function prepare(job: PrepJob): PrepMessage {
  const t0 = performance.now();
  try {
    const r = prepareRelease({
      packageBytes: job.packageBytes, root: loadTrustedRoot(job.trustPath), hardwareId: job.hardwareId,
      installed: job.installed, seen: job.seen, runningStateLayout: job.runningStateLayout, burnInSteps: job.burnInSteps,
    });
    return { ...r, prepMs: performance.now() - t0, prepThreadId: threadId };
  } catch (e) {
    if (e instanceof OtaRefusal) return { kind: 'refused', attack: e.attack, message: e.message, prepMs: performance.now() - t0, prepThreadId: threadId };
    return { kind: 'error', message: e instanceof Error ? e.message : String(e), prepMs: performance.now() - t0, prepThreadId: threadId };
  }
}

parentPort!.on('message', (job: PrepJob) => {
  const msg = prepare(job);
  // The module is structured-cloned: V8 shares its compiled (and optimised) code across threads.
  loopPort.postMessage(msg);
  Atomics.store(ctl, CTL.prepared, 1);
  const { module: _m, ...summary } = msg as PrepMessage & { module?: unknown };
  parentPort!.postMessage(summary);
});
parentPort!.postMessage({ kind: 'idle' });
