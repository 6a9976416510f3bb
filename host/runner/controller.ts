// What a runner drives each cycle. The plain EcuController steps one firmware instance;
// the OTA live swapper (host/ota) implements the same interface and may change the
// firmware between (or, on a trap, within) cycles.
import type { Ecu } from '../ecu/ecu.js';

export interface Controller {
  /** The instance currently serving cycles. */
  readonly ecu: Ecu;
  /** Writes `frame` (an input block) into the firmware, runs one cycle, copies the outputs into `outputs`. */
  cycle(frame: Float64Array, outputs: Float64Array, cycleIndex: number): void;
  /**
   * Zero copy: runs one cycle on the frame the caller already wrote into `ecu.inputs`; the answer
   * is in `ecu.outputs`. Only a controller whose instance never changes within a run has it
   * (the OTA swapper and remote rigs go through `cycle`).
   */
  stepInPlace?(): void;
}

export class EcuController implements Controller {
  constructor(readonly ecu: Ecu) {}
  cycle(frame: Float64Array, outputs: Float64Array): void {
    this.ecu.inputs.set(frame);
    this.ecu.step();
    outputs.set(this.ecu.outputs);
  }
  stepInPlace(): void { this.ecu.step(); }
}
