// Loop thread of the real-time swap: runs the firmware behind a FirmwareSwitch on wall-clock
// deadlines. It never verifies, compiles or burns in: the prep worker posts a warmed Module;
// the loop instantiates the shadow in the slack after a cycle, shadows the running version on
// copies of its own inputs, swaps at a cycle boundary (state block copied, trial window open,
// the previous version kept warm to serve any cycle the new one fails).
import { parentPort, receiveMessageOnPort, threadId, workerData } from 'node:worker_threads';
import { LAYOUT } from '../../ecu/abi-views.js';
import { Ecu } from '../../ecu/ecu.js';
import { resolveFirmware } from '../../ecu/firmware.js';
import { runDeadlineLoop } from '../../realtime/deadline-loop.js';
import { setThreadNice } from '../../realtime/thread-priority.js';
import { Candidate } from './candidate.js';
import { SyntheticDrive } from './drive.js';
import { hasMigration } from './migrate.js';
import { CTL, type LoopInit, type Outcome, type PrepMessage } from './realtime-swap-types.js';
import { CYCLE_KIND as K, summarise } from './realtime-swap-stats.js';
import { FirmwareSwitch, stepOnce } from './swapper.js';
import { compileFirmware } from './wasm.js';

const init = workerData as LoopInit;
const ctl = new Int32Array(init.control);
const image = resolveFirmware(init.startFirmware);
const startModule = compileFirmware(image.bytes);
const outputs = new Float64Array(LAYOUT.outputs.slots);
const drive = new SyntheticDrive(init.seed);

let warming = true;
let outcome: Outcome = 'none';
const sw = new FirmwareSwitch(new Ecu(startModule, image.info), new Ecu(startModule, image.info), {
  trialCycles: init.trialCycles, deadlineMs: init.deadlineMs,
  onEvent: (e) => {
    if (warming) return;
    if (e.type === 'confirm' && outcome === 'in-trial') outcome = 'confirmed';
    if (e.type === 'rollback') outcome = 'rolled-back';
  },
});
sw.warmUp(new SyntheticDrive(99), outputs);
const versionAtStart = sw.ecu.version;
/** A spare instance of the running module for the scratch swaps of the shadow window. */
const spareOld = new Ecu(startModule, image.info);

const kind = new Uint8Array(init.cycles);
// Assigned inside the loop's callbacks (typed by assertion so TS does not narrow them to null).
let candidate = null as Candidate | null;
let shadowLeft = 0, firstOnNew = false, trialCycles = init.trialCycles, shadowCycles = init.shadowCycles;
let arrivalCycle = null as number | null, readyCycle = null as number | null, swapCycle = null as number | null;
let adoptUs = null as number | null, boundaryUs = null as number | null, rejectReason = null as string | null, prep = null as PrepMessage | null;

/** One cycle (c: absolute cycle number, slot: index of its statistics). */
function runCycle(c: number, slot: number): void {
  let k: number = K.steady;
  if (firstOnNew) { firstOnNew = false; k = K.swap; }
  else if (outcome === 'in-trial') k = K.trial;
  else if (outcome === 'shadowing') k = K.shadow;
  else if (outcome === 'preparing') k = K.preparing;
  kind[slot] = k;
  const frame = drive.next(outputs);
  sw.cycle(frame, outputs, c);
  if (outcome === 'shadowing') candidate!.shadowStep(frame, outputs);
}

/** Work between cycles: notice the arrival, adopt the prepared module, end the shadow window. */
function afterCycle(c: number): void {
  if (outcome === 'none' && Atomics.load(ctl, CTL.arrived) === 1) { outcome = 'preparing'; arrivalCycle = c; }
  if (outcome === 'preparing' && Atomics.load(ctl, CTL.prepared) === 1) {
    const got = receiveMessageOnPort(init.prepPort);
    if (got) adopt(got.message as PrepMessage, c);
  } else if (outcome === 'shadowing') {
    if (candidate!.failure) { outcome = 'rejected'; rejectReason = candidate!.failure; }
    else if (--shadowLeft <= 0) swapAtBoundary(c + 1);
    else rehearseSwap(candidate!);
  }
}

/**
 * The swap, at the boundary before cycle `next`: the running version's outputs for this cycle are
 * out and the next frame is not due yet, so the state block is final — copy it into the warm
 * shadow and switch. Timed apart (boundaryUs); if it ran past the next deadline the loop counts
 * an overrun, so it cannot hide there.
 */
function swapAtBoundary(next: number): void {
  const t0 = performance.now();
  sw.swapTo(candidate!.shadow, trialCycles);
  boundaryUs = (performance.now() - t0) * 1000;
  swapCycle = next;
  firstOnNew = true;
  outcome = 'in-trial';
}

function adopt(msg: PrepMessage, c: number): void {
  prep = msg;
  readyCycle = c;
  if (msg.kind === 'refused') { outcome = 'refused'; return; }
  // A failed preparation must never take the loop down: stay on the running version.
  if (msg.kind === 'error') { outcome = 'rejected'; rejectReason = `preparation failed: ${msg.message}`; return; }
  if (msg.kind === 'rejected') { outcome = 'rejected'; rejectReason = msg.reason; return; }
  const t0 = performance.now();
  // The module was burnt in by the prep worker: only the shadow instance is made here.
  const cand = new Candidate(msg.module, msg.info, 0);
  const [from, to] = [sw.ecu.stateLayoutVersion, cand.shadow.stateLayoutVersion];
  if (!hasMigration(from, to) || !hasMigration(to, from)) { outcome = 'rejected'; rejectReason = `no state migration between layouts ${from} and ${to}`; return; }
  // The first calls into a new instance from this thread are slow (wrappers, call-site
  // feedback): take them here, in the slack, on a throwaway state; startShadow overwrites it.
  for (let k = 0; k < 8; k++) { cand.shadow.inputs.set(drive.frame); stepOnce(cand.shadow); }
  cand.startShadow(sw.ecu);
  adoptUs = (performance.now() - t0) * 1000;
  candidate = cand;
  shadowLeft = shadowCycles;
  scratch = null;
  scratchSwapsLeft = Math.min(20, shadowCycles - 3);
  outcome = 'shadowing';
}

let scratch = null as FirmwareSwitch | null;
let scratchSwapsLeft = 0;
const scratchOut = new Float64Array(LAYOUT.outputs.slots);

/**
 * During the shadow window, one swap per slack on a scratch switch between a throwaway instance
 * of the new module and one of the running module: the swap path's property accesses then know
 * the new module's export object (meeting it first in the real swap cost ~70 µs, measured).
 */
function rehearseSwap(cand: Candidate): void {
  if (scratchSwapsLeft <= 0) return;
  if (!scratch) { scratch = new FirmwareSwitch(spareOld, new Ecu(cand.module, cand.info), { trialCycles: 1, deadlineMs: init.deadlineMs }); return; }
  scratch.swapTo(scratch.fallback, 1);
  scratch.cycle(drive.frame, scratchOut, 0);
  if (--scratchSwapsLeft === 0) scratch = null;
}

/**
 * The vehicle has been up for a while: run that uptime fast, through the very functions the clock
 * will run, with a rehearsed update (a fresh instance of the running module: same code, so the
 * drive is unchanged) every 1,000 cycles. V8 then optimises runCycle with its swap branch taken
 * and the call sites have seen many instances, so the real swap meets neither a deoptimisation
 * nor unoptimised code (toolchain.md: 40–150 µs otherwise; measured here ~60–100 µs).
 */
function uptime(cycles: number): void {
  [trialCycles, shadowCycles] = [30, 30];
  const rehearsal: PrepMessage = {
    kind: 'ready', module: startModule, info: image.info, verifyMs: 0, burnInMs: 0, burnInSteps: 0, prepMs: 0, prepThreadId: threadId,
    release: { version: versionAtStart, releaseCounter: 0, class: 'fix', filingId: 'rehearsal', scenarios: 0 },
  };
  for (let c = 0; c < cycles; c++) {
    if (c % 1000 === 0 && c + 200 < cycles) { outcome = 'preparing'; adopt(rehearsal, c); }
    runCycle(c, c % init.cycles);
    afterCycle(c);
  }
  [trialCycles, shadowCycles] = [init.trialCycles, init.shadowCycles];
  outcome = 'none'; candidate = null; prep = null; firstOnNew = false; scratch = null;
  arrivalCycle = readyCycle = swapCycle = adoptUs = boundaryUs = null;
  sw.rebind(sw.ecu, sw.fallback); // keeps the state; clears the rehearsal's events and counters
}
uptime(init.uptimeCycles);
warming = false;

// From here on the loop thread must not compile Wasm: count any attempt (evidence for tests).
let compilesInLoop = 0;
const WA = WebAssembly as unknown as Record<string, unknown>;
WA.Module = new Proxy(WebAssembly.Module, { construct(t, args, nt) { compilesInLoop++; return Reflect.construct(t, args, nt); } });
WA.compile = new Proxy(WebAssembly.compile, { apply(t, self, args) { compilesInLoop++; return Reflect.apply(t, self, args); } });

// The control loop outranks everything else in the process (best effort; needs the privilege).
const loopNice = init.loopNice === undefined ? null : setThreadNice(init.loopNice);
parentPort!.postMessage({ kind: 'loaded', version: versionAtStart, stateLayoutVersion: sw.ecu.stateLayoutVersion });
while (Atomics.load(ctl, CTL.go) === 0) Atomics.wait(ctl, CTL.go, 0, 50);

const U = init.uptimeCycles;
const times = runDeadlineLoop({ hz: init.hz, cycles: init.cycles, strategy: init.strategy, sleepMarginUs: init.sleepMarginUs, control: ctl },
  (i) => runCycle(U + i, i), (i) => afterCycle(U + i));

const result = summarise(times, kind, {
  hz: init.hz, strategy: init.strategy, uptimeCycles: U, swapCycle, adoptUs, boundaryUs, outcome,
  refusal: prep?.kind === 'refused' ? prep.attack : null, rejectReason,
  versionAtStart, versionAtEnd: sw.ecu.version, candidateVersion: candidate?.info.version ?? (prep && 'version' in prep ? prep.version : null),
  arrivalCycle, readyCycle, events: sw.events, fallbackCycles: sw.fallbackCycles, shadowDivergedCycles: candidate?.divergedCycles ?? 0,
  prep, compilesInLoop, loopThreadId: threadId, loopNice,
});
parentPort!.postMessage({ kind: 'result', result });
