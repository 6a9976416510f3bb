// `hpa run --mcap`: the log read back with the MCAP library's indexed reader matches the run,
// cycle by cycle, with JSON-schema channels (the encodings Foxglove reads: jsonschema + json).
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { McapIndexedReader, TempBuffer } from '@mcap/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { CALIBRATION, INPUTS, OUTPUTS, STATE } from '../../abi/signals.js';
import { IN, OUT } from '../../host/ecu/abi-views.js';
import { Ecu } from '../../host/ecu/ecu.js';
import { runScenario, type RunResult } from '../../host/sim/run.js';
import { hpa, shipped } from '../helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'hpa-wb-mcap-'));
const file = join(dir, 'ccrs.mcap');
const decoder = new TextDecoder();
let reader: McapIndexedReader;
let byTopic: Map<string, { logTime: bigint; msg: Record<string, unknown> }[]>;
let run: RunResult;
const cmdPerCycle: number[] = [];
const speedSeen: number[] = [];

beforeAll(async () => {
  const r = hpa(['run', 'euro-ncap-ccrs', '--variant', '=50', '--firmware', '1.0.0', '--mcap', file]);
  expect(r.status).toBe(0);
  run = runScenario(shipped('euro-ncap-ccrs.json').find((v) => v.name.endsWith('=50'))!, {
    firmware: '1.0.0', onCycle: (sim) => { cmdPerCycle.push(sim.outputs[OUT.accelCmdMps2]); speedSeen.push(sim.frame[IN.egoSpeedMps]); },
  });
  const bytes = readFileSync(file);
  reader = await McapIndexedReader.Initialize({ readable: new TempBuffer(bytes) });
  byTopic = new Map();
  const topics = new Map([...reader.channelsById.values()].map((c) => [c.id, c.topic]));
  for await (const m of reader.readMessages()) {
    const t = topics.get(m.channelId)!;
    if (!byTopic.has(t)) byTopic.set(t, []);
    byTopic.get(t)!.push({ logTime: m.logTime, msg: JSON.parse(decoder.decode(m.data)) });
  }
});

describe('MCAP log of a run', () => {
  it('is an MCAP file with JSON-schema channels for inputs, outputs, state, calibration and events', () => {
    expect(readFileSync(file).subarray(0, 8)).toEqual(Buffer.from([0x89, 0x4d, 0x43, 0x41, 0x50, 0x30, 0x0d, 0x0a])); // magic "\x89MCAP0\r\n"
    const channels = [...reader.channelsById.values()];
    expect(channels.map((c) => c.topic).sort()).toEqual(['/hpa/calibration', '/hpa/events', '/hpa/inputs', '/hpa/outputs', '/hpa/state']);
    for (const c of channels) {
      expect(c.messageEncoding).toBe('json');
      const schema = reader.schemasById.get(c.schemaId)!;
      expect(schema.encoding).toBe('jsonschema');
      const props = Object.keys(JSON.parse(decoder.decode(schema.data)).properties);
      const declared = { '/hpa/inputs': INPUTS, '/hpa/outputs': OUTPUTS, '/hpa/state': STATE, '/hpa/calibration': CALIBRATION }[c.topic];
      if (declared) expect(props).toEqual(['tS', 'simCycle', ...declared.map((s) => s.name)]);
    }
  });

  it('holds one inputs, outputs and state message per cycle, equal to the run, at its log time', () => {
    for (const topic of ['/hpa/inputs', '/hpa/outputs', '/hpa/state']) expect(byTopic.get(topic)).toHaveLength(run.cycles);
    const outputs = byTopic.get('/hpa/outputs')!;
    outputs.forEach(({ logTime, msg }, k) => {
      expect(msg.simCycle).toBe(k);
      expect(logTime).toBe(BigInt(k) * 10_000_000n);
      expect(msg.accelCmdMps2).toBe(cmdPerCycle[k]);
    });
    const inputs = byTopic.get('/hpa/inputs')!;
    inputs.forEach(({ msg }, k) => expect(msg.egoSpeedMps).toBe(speedSeen[k]));
    const state = byTopic.get('/hpa/state')!;
    state.forEach(({ msg }, k) => expect(msg.cycle).toBe(k + 1)); // the firmware's own cycle counter, after the step
    expect((state[0].msg.escalationAt as number[]).length).toBe(3);
  });

  it('logs the calibration that ran (1.0.0 defaults) and every event of the run', () => {
    const cal = byTopic.get('/hpa/calibration')!;
    expect(cal).toHaveLength(1); // unchanged during the run
    const defaults = Ecu.releaseDefaults('1.0.0');
    for (const [name, v] of Object.entries(defaults)) expect(cal[0].msg[name]).toEqual(v);
    expect(cal[0].msg.fcwTtcS).toBe(1.6);
    expect(byTopic.get('/hpa/events')!.map((m) => m.msg)).toEqual(run.events);
  });
});
