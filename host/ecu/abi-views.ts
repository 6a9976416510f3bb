// Slot indexes of every signal, derived from abi/signals.ts at load time. The firmware's
// generated layout comes from the same computeLayout(), so offsets cannot disagree.
import { computeLayout, type Block } from '../../abi/layout.js';
import type { CalibrationName, InputName, OutputName, StateName } from '../../abi/signals.js';

export const LAYOUT = computeLayout();

function slots<N extends string>(block: Block): Record<N, number> {
  const map: Record<string, number> = {};
  for (const f of block.fields) if (f.index === 0) map[f.signal.name] = f.slot;
  return map as Record<N, number>;
}

/** Input slot by name: `ecu.inputs[IN.egoSpeedMps] = 30`. Tables: first element's slot. */
export const IN = slots<InputName>(LAYOUT.inputs);
export const OUT = slots<OutputName>(LAYOUT.outputs);
export const CAL = slots<CalibrationName>(LAYOUT.calibration);
export const ST = slots<StateName>(LAYOUT.state);
