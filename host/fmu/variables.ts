// The FMU's variable list, derived from abi/signals.ts through the same layout the firmware uses:
// one FMI ScalarVariable per f64 slot of the inputs, outputs, calibration and state blocks.
import { computeLayout, type Block, type Field } from '../../abi/layout.js';

export type Causality = 'input' | 'output' | 'parameter' | 'local';

export interface FmuVariable {
  /** FMI structured name: `egoSpeedMps`, `accelMaxMps2[2]` (1-based), `state.mode`. */
  name: string;
  valueReference: number;
  causality: Causality;
  variability: 'discrete' | 'tunable';
  unit: string;
  description: string;
  min: number;
  max: number;
  /** Start value (inputs and parameters; outputs and locals are calculated). */
  start?: number;
  /** Byte offset from the firmware's layout base. */
  byteOffset: number;
}

const CAUSALITY: Record<Block['name'], Causality> = { inputs: 'input', outputs: 'output', calibration: 'parameter', state: 'local' };
const PREFIX: Record<Block['name'], string> = { inputs: '', outputs: '', calibration: '', state: 'state.' };

function fmiName(block: Block, field: Field): string {
  const base = PREFIX[block.name] + field.signal.name;
  return field.signal.length ? `${base}[${field.index + 1}]` : base;
}

/** Input start values: 0 where the range allows it, else the nearest limit (e.g. timeGapSetS 0.8 s). */
const inputStart = (min: number, max: number) => Math.min(Math.max(0, min), max);

/**
 * Every variable in value-reference order. `calibrationStart` gives each calibration slot's start
 * value (the firmware's own defaults, read from the built release).
 */
export function fmuVariables(calibrationStart: ArrayLike<number>): FmuVariable[] {
  const layout = computeLayout();
  const vars: FmuVariable[] = [];
  for (const block of [layout.inputs, layout.outputs, layout.calibration, layout.state]) {
    for (const field of block.fields) {
      const { signal } = field;
      const causality = CAUSALITY[block.name];
      const start = causality === 'input' ? inputStart(signal.min, signal.max)
        : causality === 'parameter' ? calibrationStart[field.slot] : undefined;
      vars.push({
        name: fmiName(block, field),
        valueReference: vars.length + 1,
        causality,
        variability: causality === 'parameter' ? 'tunable' : 'discrete',
        unit: signal.unit,
        description: signal.description,
        min: signal.min,
        max: signal.max,
        start,
        byteOffset: block.offset + field.slot * 8,
      });
    }
  }
  const seen = new Set<string>();
  for (const v of vars) {
    if (seen.has(v.name)) throw new Error(`FMU variable name ${v.name} is declared twice in abi/signals.ts`);
    seen.add(v.name);
  }
  return vars;
}
