// Turns the signal declaration into byte offsets. Both the generator (firmware side)
// and the host views call this, so the two can never disagree on an offset.
import { createHash } from 'node:crypto';
import {
  ABI_VERSION, CALIBRATION, INPUTS, OUTPUTS, RECORDER, STATE, STATE_LAYOUT_VERSION,
  type Signal,
} from './signals.js';

export interface Field { name: string; signal: Signal; index: number; /** f64 slot within its block */ slot: number }
export interface Block { name: 'inputs' | 'outputs' | 'calibration' | 'state'; offset: number; slots: number; fields: Field[] }

function expand(signals: readonly Signal[]): Field[] {
  const fields: Field[] = [];
  let slot = 0;
  for (const signal of signals) {
    const n = signal.length ?? 1;
    for (let index = 0; index < n; index++) {
      fields.push({ name: signal.length ? `${signal.name}_${index}` : signal.name, signal, index, slot: slot++ });
    }
  }
  return fields;
}

const ALIGN = 16;
const align = (n: number) => Math.ceil(n / ALIGN) * ALIGN;

export interface Layout {
  inputs: Block; outputs: Block; calibration: Block; state: Block;
  /** Byte offset of the EDR ring inside the state block, its size and total state bytes. */
  recorderOffset: number; recorderBytes: number; stateBytes: number;
  totalBytes: number; abiHash: number;
}

export function computeLayout(): Layout {
  let offset = 0;
  const block = (name: Block['name'], signals: readonly Signal[]): Block => {
    const fields = expand(signals);
    const b = { name, offset, slots: fields.length, fields };
    offset = align(offset + fields.length * 8);
    return b;
  };
  const inputs = block('inputs', INPUTS);
  const outputs = block('outputs', OUTPUTS);
  const calibration = block('calibration', CALIBRATION);
  const state = block('state', STATE);
  const recorderOffset = align(state.slots * 8);
  const recorderBytes = RECORDER.samples * RECORDER.channels.length * 4;
  const stateBytes = recorderOffset + recorderBytes;
  const totalBytes = align(state.offset + stateBytes);
  const canonical = JSON.stringify({
    ABI_VERSION, STATE_LAYOUT_VERSION, RECORDER,
    blocks: [inputs, outputs, calibration, state].map((b) => [b.name, b.offset, b.fields.map((f) => f.name)]),
  });
  const abiHash = parseInt(createHash('sha256').update(canonical).digest('hex').slice(0, 8), 16);
  return { inputs, outputs, calibration, state, recorderOffset, recorderBytes, stateBytes, totalBytes, abiHash };
}
