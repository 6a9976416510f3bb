// The host cycle every benchmark times, the same work on the V8 and the native side: the frame is
// put into the firmware's input block, `step()` runs, the answer is read where the firmware wrote
// it (zero copy out, as the simulator does). The simulator writes its scene straight into the
// input block; a replay has recorded frames instead, so it pays one block copy in (`set` between
// two Float64Arrays here, memcpy natively). Frames are pre-sliced once: a cycle allocates nothing.
import type { Ecu } from '../host/ecu/ecu.js';
import { INPUT_SLOTS } from './frames.js';

export interface HostCycle {
  /** Runs frame `k`; returns outputs[0] so the work cannot be optimised away. */
  run(k: number): number;
  /** The firmware's own output block (valid after `run`). */
  readonly outputs: Float64Array;
  readonly frameCount: number;
}

export function frameViews(frames: Float64Array): Float64Array[] {
  return Array.from({ length: frames.length / INPUT_SLOTS }, (_, k) => frames.subarray(k * INPUT_SLOTS, (k + 1) * INPUT_SLOTS));
}

export function hostCycle(ecu: Ecu, frames: Float64Array): HostCycle {
  const inputs = ecu.inputs, outputs = ecu.outputs, step = ecu.step;
  const views = frameViews(frames);
  return {
    outputs,
    frameCount: views.length,
    run(k: number): number {
      inputs.set(views[k]);
      step();
      return outputs[0];
    },
  };
}
