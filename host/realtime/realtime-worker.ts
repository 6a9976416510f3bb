// Worker thread of the real-time runner: one firmware stepped by the shared fixed-step loop on
// absolute deadlines (deadline-loop.ts), timed with performance.now().
import { parentPort, workerData } from 'node:worker_threads';
import { Ecu } from '../ecu/ecu.js';
import { IN } from '../ecu/abi-views.js';
import { runDeadlineLoop } from './deadline-loop.js';
import { percentiles, type RealtimeResult, type WorkerInput } from './realtime-types.js';

const { options, frames: given, control, outputs: sharedOut } = workerData as WorkerInput;
const ecu = Ecu.load(options.firmware);
const inSlots = ecu.inputs.length, outSlots = ecu.outputs.length;
const frames = given ?? new Float64Array(inSlots);
const frameCount = frames.length / inSlots;
const ctl = new Int32Array(control);
const outView = new Float64Array(sharedOut);
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

const cycles = Math.round(options.hz * options.seconds);
const times = runDeadlineLoop({ hz: options.hz, cycles, strategy: options.strategy, sleepMarginUs: options.sleepMarginUs, control: ctl }, runCycle);
const done = times.cycles;

const result: RealtimeResult = {
  hz: options.hz, seconds: options.seconds, strategy: options.strategy, cycles: done, overruns: times.overruns,
  jitterUs: percentiles(times.jitterUs), cycleUs: percentiles(times.cycleUs),
  lastStartLateUs: done ? times.jitterUs[done - 1] : 0,
};
parentPort!.postMessage(result);
