// Worker thread of the real-time runner: a fixed-step loop on absolute deadlines
// (t0 + k × period, so errors never accumulate), timed with performance.now().
import { parentPort, workerData } from 'node:worker_threads';
import { Ecu } from '../ecu/ecu.js';
import { IN } from '../ecu/abi-views.js';
import { percentiles, type RealtimeResult, type WorkerInput } from './realtime-types.js';

const { options, frames: given, control, outputs: sharedOut } = workerData as WorkerInput;
const ecu = Ecu.load(options.firmware);
const inSlots = ecu.inputs.length, outSlots = ecu.outputs.length;
const frames = given ?? new Float64Array(inSlots);
const frameCount = frames.length / inSlots;
const ctl = new Int32Array(control);
const outView = new Float64Array(sharedOut);
const sleepCell = new Int32Array(new SharedArrayBuffer(4));
const inputs = ecu.inputs, fwOut = ecu.outputs, step = ecu.step;

function runCycle(i: number): void {
  const base = (i % frameCount) * inSlots;
  for (let j = 0; j < inSlots; j++) inputs[j] = frames[base + j];
  if (!given) inputs[IN.frameCounter] = i % 65536;
  step();
  for (let j = 0; j < outSlots; j++) outView[j] = fwOut[j];
}

// Warm-up: V8 tiers the module up only after many calls (toolchain.md: ~20,000 steps).
for (let i = 0; i < (options.warmupSteps ?? 20_000); i++) runCycle(i);
ecu.reset();

const periodMs = 1000 / options.hz;
const cycles = Math.round(options.hz * options.seconds);
const marginMs = options.strategy === 'atomics' ? 0 : (options.sleepMarginUs ?? 1000) / 1000;
const sleeps = options.strategy !== 'spin';
const jitterUs = new Float64Array(cycles);
const cycleUs = new Float64Array(cycles);
let overruns = 0, done = 0;
const t0 = performance.now() + periodMs;
for (let i = 0; i < cycles && Atomics.load(ctl, 0) === 0; i++) {
  const deadline = t0 + i * periodMs;
  if (sleeps) {
    const sleepMs = deadline - marginMs - performance.now();
    if (sleepMs > 0) Atomics.wait(sleepCell, 0, 0, sleepMs);
  }
  let start = performance.now();
  while (start < deadline) start = performance.now();
  runCycle(i);
  const end = performance.now();
  jitterUs[i] = (start - deadline) * 1000;
  cycleUs[i] = (end - start) * 1000;
  if (end > deadline + periodMs) overruns++;
  done = i + 1;
  Atomics.store(ctl, 1, done);
}

const result: RealtimeResult = {
  hz: options.hz, seconds: options.seconds, strategy: options.strategy, cycles: done, overruns,
  jitterUs: percentiles(jitterUs.subarray(0, done)), cycleUs: percentiles(cycleUs.subarray(0, done)),
  lastStartLateUs: done ? jitterUs[done - 1] : 0,
};
parentPort!.postMessage(result);
