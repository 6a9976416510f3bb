// Moves the state block from the live instance to the next one at a swap. The bulk of the block
// is the event data recorder ring, which the firmware writes only every few cycles, so it is
// pre-copied in the slack after a cycle; at the boundary only the scalar state and the ring rows
// written since the pre-copy move (a few hundred bytes instead of ~26 KB). Copies go through
// preallocated Int32 views: bit-exact (NaN payloads included) and allocation-free.
import { RECORDER } from '../abi/signals.js';
import { LAYOUT, ST } from '../host/ecu/abi-views.js';
import type { Ecu } from '../host/ecu/ecu.js';

const ROW_WORDS = RECORDER.channels.length;
const SAMPLES = RECORDER.samples;
const SCALAR_WORDS = LAYOUT.recorderOffset / 4;
const RING_WORD = LAYOUT.recorderOffset / 4;

const words = (ecu: Ecu) => new Int32Array(ecu.stateBytes.buffer, ecu.stateBytes.byteOffset, ecu.stateBytes.byteLength / 4);

export class StateTransfer {
  private headAtPrecopy = 0;
  private countAtPrecopy = 0;
  private readonly src: Int32Array;
  private readonly dst: Int32Array;
  private readonly fromState: Float64Array;

  constructor(private readonly from: Ecu, private readonly to: Ecu) {
    this.src = words(from);
    this.dst = words(to);
    this.fromState = new Float64Array(from.stateBytes.buffer, from.stateBytes.byteOffset, LAYOUT.state.slots);
  }

  /** Whole block; call between cycles, off the critical path. */
  precopy(): void {
    this.to.stateBytes.set(this.from.stateBytes);
    this.headAtPrecopy = this.fromState[ST.edrHead];
    this.countAtPrecopy = this.fromState[ST.edrCount];
  }

  /** At the boundary: scalars plus the ring rows written since precopy(). */
  complete(): void {
    const src = this.src, dst = this.dst;
    for (let i = 0; i < SCALAR_WORDS; i++) dst[i] = src[i];
    if (this.fromState[ST.edrCount] - this.countAtPrecopy >= SAMPLES) { this.to.stateBytes.set(this.from.stateBytes); return; }
    const head = this.fromState[ST.edrHead];
    for (let row = this.headAtPrecopy; row !== head; row = (row + 1) % SAMPLES) {
      const at = RING_WORD + row * ROW_WORDS;
      for (let i = at; i < at + ROW_WORDS; i++) dst[i] = src[i];
    }
  }
}
