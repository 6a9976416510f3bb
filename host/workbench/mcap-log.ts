// MCAP logs of a run for Foxglove: per cycle the inputs the firmware saw, its outputs and its
// whole state; the calibration at the start and whenever it changes; the events. JSON-schema
// channels, written with the MCAP project's own library (@mcap/core).
import { McapWriter, TempBuffer } from '@mcap/core';
import { LAYOUT } from '../ecu/abi-views.js';
import type { RunResult } from '../sim/run.js';
import type { Simulation } from '../sim/simulation.js';
import { CHANNELS, channelMessage, channelSchema, EVENT_SCHEMA, EVENTS_TOPIC } from './mcap-schemas.js';

const NS_PER_S = 1_000_000_000n;
const ns = (tS: number) => BigInt(Math.round(tS * 1000)) * (NS_PER_S / 1000n);

/** Collects messages during a run (synchronously, from runScenario's onCycle), writes the file after. */
export class McapRunLog {
  private readonly messages: { topic: string; tS: number; data: string }[] = [];
  private lastCalibration: Float64Array | null = null;

  readonly onCycle = (sim: Simulation): void => {
    const tS = +(sim.tS - 0.01).toFixed(2);
    const cycle = sim.cycle - 1;
    const ecu = sim.controller.ecu;
    const state = new Float64Array(ecu.stateBytes.buffer, ecu.stateBytes.byteOffset, LAYOUT.state.slots);
    const blocks = [sim.frame, sim.outputs, state];
    for (let i = 0; i < 3; i++) this.messages.push({ topic: CHANNELS[i].topic, tS, data: JSON.stringify(channelMessage(CHANNELS[i], blocks[i], tS, cycle)) });
    const cal = ecu.calibration;
    if (!this.lastCalibration || !cal.every((x, i) => Object.is(x, this.lastCalibration![i]))) {
      this.lastCalibration = cal.slice();
      this.messages.push({ topic: CHANNELS[3].topic, tS, data: JSON.stringify(channelMessage(CHANNELS[3], cal, tS, cycle)) });
    }
  };

  /** The MCAP file: channels registered, messages in time order, events at their times, indexed. */
  async bytes(result: RunResult): Promise<Uint8Array> {
    const buffer = new TempBuffer();
    const writer = new McapWriter({ writable: buffer });
    await writer.start({ profile: '', library: 'hpa-ecu workbench (@mcap/core)' });
    const channelIds = new Map<string, number>();
    const encoder = new TextEncoder();
    for (const c of [...CHANNELS.map((c) => ({ topic: c.topic, name: c.schemaName, schema: channelSchema(c) })), { topic: EVENTS_TOPIC, name: 'hpa.Event', schema: EVENT_SCHEMA }]) {
      const schemaId = await writer.registerSchema({ name: c.name, encoding: 'jsonschema', data: encoder.encode(JSON.stringify(c.schema)) });
      channelIds.set(c.topic, await writer.registerChannel({ topic: c.topic, schemaId, messageEncoding: 'json', metadata: new Map([['scenario', result.scenario], ['firmware', `${result.firmware.version} ${result.firmware.sha256}`]]) }));
    }
    const all = [...this.messages, ...result.events.map((e) => ({ topic: EVENTS_TOPIC, tS: e.tS, data: JSON.stringify(e) }))]
      .map((m, i) => ({ ...m, i })).sort((a, b) => a.tS - b.tS || a.i - b.i);
    const sequence = new Map<string, number>();
    for (const m of all) {
      const seq = (sequence.get(m.topic) ?? 0) + 1;
      sequence.set(m.topic, seq);
      await writer.addMessage({ channelId: channelIds.get(m.topic)!, sequence: seq, logTime: ns(m.tS), publishTime: ns(m.tS), data: encoder.encode(m.data) });
    }
    await writer.end();
    return buffer.get();
  }
}
