// What the trial window (and every cycle) holds the firmware to: every output finite and
// inside its declared range — the acceleration command inside −10 … +4 m/s², the ABI limit
// the brake and powertrain accept — and the step inside its time budget.
import { OUTPUTS } from '../../../abi/signals.js';

const MIN = Float64Array.from(OUTPUTS, (o) => o.min);
const MAX = Float64Array.from(OUTPUTS, (o) => o.max);
const NAMES = OUTPUTS.map((o) => o.name);

import type { EnvelopeFault } from './envelope.js';

export type WatchdogFault = 'trap' | 'non-finite-output' | 'limit-breach' | 'deadline-overrun' | EnvelopeFault;

/** Returns the index of the first output that is non-finite or out of range, or −1. */
export function badOutput(outputs: Float64Array): number {
  for (let i = 0; i < MIN.length; i++) {
    const x = outputs[i];
    // NaN fails both comparisons; ±Infinity is out of every declared range.
    if (!(x >= MIN[i] && x <= MAX[i])) return i;
  }
  return -1;
}

export function describeBadOutput(outputs: Float64Array, i: number): { fault: WatchdogFault; detail: string } {
  const x = outputs[i];
  return Number.isFinite(x)
    ? { fault: 'limit-breach', detail: `${NAMES[i]} = ${x} outside ${MIN[i]} … ${MAX[i]}` }
    : { fault: 'non-finite-output', detail: `${NAMES[i]} = ${x}` };
}
