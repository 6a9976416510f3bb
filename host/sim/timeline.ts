// Events the host derives from the outputs, beside the firmware's own rising-edge event bits:
// when autonomous braking starts and ends, and when each warning or request clears. The
// firmware's event bits are not changed; these are read from the output block every cycle.
import { MODES } from '../../abi/signals.js';
import { IN, OUT } from '../ecu/abi-views.js';
import type { SimEvent } from './simulation.js';

/** Autonomous braking starts when the ECU, not the driver, commands below this (engine drag alone stays above it). */
export const BRAKING_ONSET_MPS2 = -1;
/** Braking has ended once the command rises above this (hysteresis against chatter around the onset). */
export const BRAKING_END_MPS2 = -0.5;

export const DERIVED_EVENTS = [
  'brakingOnset', 'brakingEnded', 'fcwCleared', 'aebReleased', 'takeoverRequestCleared', 'horCleared',
  'eyesOffCleared', 'mrmEnded', 'faultCleared',
] as const;

/** Falling edges: output slot, what it is called when it clears. */
const FALLING: [slot: number, type: (typeof DERIVED_EVENTS)[number]][] = [
  [OUT.fcw, 'fcwCleared'], [OUT.aebActive, 'aebReleased'], [OUT.takeoverRequest, 'takeoverRequestCleared'],
  [OUT.horLevel, 'horCleared'], [OUT.eyesOffLevel, 'eyesOffCleared'], [OUT.faultCode, 'faultCleared'],
];
const MRM = MODES.indexOf('mrm');
const { accelCmdMps2: O_CMD, longControlActive: O_LONG, mode: O_MODE } = OUT;
const I_BRAKE = IN.brakePedal;
const FALLING_SLOTS = Int32Array.from(FALLING, (f) => f[0]);

export class Timeline {
  readonly events: SimEvent[] = [];
  private readonly previous = new Float64Array(FALLING.length);
  private braking = false;
  private wasMrm = false;

  /** Call once per cycle after the firmware ran: `frame` the inputs it saw, `outputs` what it said. */
  observe(tS: number, frame: Float64Array, outputs: Float64Array): void {
    // The event time is rounded only when an event is recorded (a string per cycle costs GC time).
    const cmd = outputs[O_CMD];
    const ecuBrakes = outputs[O_LONG] !== 0 && frame[I_BRAKE] === 0;
    if (!this.braking && ecuBrakes && cmd < BRAKING_ONSET_MPS2) { this.braking = true; this.events.push({ tS: +tS.toFixed(2), type: 'brakingOnset' }); }
    else if (this.braking && (!ecuBrakes || !(cmd < BRAKING_END_MPS2))) { this.braking = false; this.events.push({ tS: +tS.toFixed(2), type: 'brakingEnded' }); }
    const previous = this.previous;
    for (let i = 0; i < FALLING_SLOTS.length; i++) {
      const now = outputs[FALLING_SLOTS[i]];
      if (previous[i] !== 0 && now === 0) this.events.push({ tS: +tS.toFixed(2), type: FALLING[i][1] });
      previous[i] = now;
    }
    const mrm = outputs[O_MODE] === MRM;
    if (this.wasMrm && !mrm) this.events.push({ tS: +tS.toFixed(2), type: 'mrmEnded' });
    this.wasMrm = mrm;
  }

  /** The firmware's events and these, in time order (firmware first within a cycle). */
  mergeInto(firmwareEvents: readonly SimEvent[]): SimEvent[] {
    const out: SimEvent[] = [];
    let j = 0;
    for (const e of firmwareEvents) {
      while (j < this.events.length && this.events[j].tS < e.tS) out.push(this.events[j++]);
      out.push(e);
    }
    while (j < this.events.length) out.push(this.events[j++]);
    return out;
  }
}
