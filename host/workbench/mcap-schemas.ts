// JSON Schemas of the MCAP channels, generated from the one signal declaration (abi/signals.ts):
// every input, output, calibration value and state field, with its unit.
import { CALIBRATION, INPUTS, OUTPUTS, STATE, type Signal } from '../../abi/signals.js';
import { CAL, IN, OUT, ST } from '../ecu/abi-views.js';

export interface ChannelSpec { topic: string; schemaName: string; signals: readonly Signal[]; slots: Record<string, number> }

export const CHANNELS: ChannelSpec[] = [
  { topic: '/hpa/inputs', schemaName: 'hpa.Inputs', signals: INPUTS, slots: IN },
  { topic: '/hpa/outputs', schemaName: 'hpa.Outputs', signals: OUTPUTS, slots: OUT },
  { topic: '/hpa/state', schemaName: 'hpa.State', signals: STATE, slots: ST },
  { topic: '/hpa/calibration', schemaName: 'hpa.Calibration', signals: CALIBRATION, slots: CAL },
];
export const EVENTS_TOPIC = '/hpa/events';

const value = (s: Signal) => ({ type: ['number', 'null'], description: `${s.description} [${s.unit}]` });

export function channelSchema(c: ChannelSpec): object {
  const properties: Record<string, object> = {
    tS: { type: 'number', description: 'simulated time of the cycle [s]' },
    simCycle: { type: 'integer', description: 'simulation cycle index (10 ms)' },
  };
  for (const s of c.signals) properties[s.name] = s.length ? { type: 'array', items: value(s), minItems: s.length, maxItems: s.length, description: value(s).description } : value(s);
  return { $schema: 'https://json-schema.org/draft/2020-12/schema', title: c.schemaName, type: 'object', properties, required: Object.keys(properties) };
}

export const EVENT_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema', title: 'hpa.Event', type: 'object',
  properties: { tS: { type: 'number', description: 'time of the event [s]' }, type: { type: 'string', description: 'event name (firmware event bits and host-derived edges)' } },
  required: ['tS', 'type'],
};

/** One channel's message for the current cycle: every signal by name (vectors as arrays). */
export function channelMessage(c: ChannelSpec, block: Float64Array, tS: number, cycle: number): Record<string, unknown> {
  const msg: Record<string, unknown> = { tS, simCycle: cycle };
  const num = (x: number) => (Number.isFinite(x) ? x : null);
  for (const s of c.signals) {
    const slot = c.slots[s.name];
    msg[s.name] = s.length ? Array.from(block.subarray(slot, slot + s.length), num) : num(block[slot]);
  }
  return msg;
}
