// The host cycle every benchmark times: write one input frame, `step()`, read the outputs.
// Element loops instead of `set(subarray(...))`: no view is allocated per cycle.
import type { Ecu } from '../host/ecu/ecu.js';
import { INPUT_SLOTS, OUTPUT_SLOTS } from './frames.js';

export interface HostCycle {
  /** Runs frame `k`; returns outputs[0] so the work cannot be optimised away. */
  run(k: number): number;
  readonly outputs: Float64Array;
  readonly frameCount: number;
}

export function hostCycle(ecu: Ecu, frames: Float64Array): HostCycle {
  const inputs = ecu.inputs, fwOutputs = ecu.outputs, step = ecu.step;
  const outputs = new Float64Array(OUTPUT_SLOTS);
  return {
    outputs,
    frameCount: frames.length / INPUT_SLOTS,
    run(k: number): number {
      const base = k * INPUT_SLOTS;
      for (let j = 0; j < INPUT_SLOTS; j++) inputs[j] = frames[base + j];
      step();
      for (let j = 0; j < OUTPUT_SLOTS; j++) outputs[j] = fwOutputs[j];
      return outputs[0];
    },
  };
}
