// The A2L is generated from abi/signals.ts and states real addresses: reading the firmware's memory
// at each stated address gives that signal's value. Its EPK changes with the firmware image.
import { describe, expect, it } from 'vitest';
import { CALIBRATION, INPUTS, OUTPUTS, type CalibrationParam } from '../../abi/signals.js';
import { calibrationDefault } from '../../abi/calibration.js';
import { IN } from '../../host/ecu/abi-views.js';
import { Ecu } from '../../host/ecu/ecu.js';
import { generateA2l } from '../../host/hil/a2l.js';
import { hpa } from '../helpers.js';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ecu = Ecu.load('1.1.0');
const a2l = generateA2l(ecu, { xcpPort: 41555 });
const mem = () => new DataView(ecu.exports.memory.buffer);
const blocks = (kind: string) => [...a2l.matchAll(new RegExp(`/begin ${kind} (\\S+) "(?:[^"\\\\]|\\\\.)*"\\s+(\\S+)(?: (\\S+))?`, 'g'))];

describe('A2L (ASAM MCD-2 MC) of firmware 1.1.0', () => {
  it('is well formed: every /begin has its /end, in order', () => {
    const stack: string[] = [];
    for (const m of a2l.matchAll(/\/(begin|end) (\w+)/g)) {
      if (m[1] === 'begin') stack.push(m[2]);
      else expect(stack.pop(), `/end ${m[2]}`).toBe(m[2]);
    }
    expect(stack).toEqual([]);
  });

  it('one CHARACTERISTIC or AXIS_PTS per calibration parameter; its address holds the release default', () => {
    const cal = CALIBRATION as readonly CalibrationParam[];
    const characteristics = new Map(blocks('CHARACTERISTIC').map((m) => [m[1], { kind: m[2], address: Number(m[3]) }]));
    const axes = new Map(blocks('AXIS_PTS').map((m) => [m[1], Number(m[2])]));
    expect(characteristics.size + axes.size).toBe(cal.length);
    for (const p of cal) {
      const address = axes.get(p.name) ?? characteristics.get(p.name)!.address;
      calibrationDefault(p, '1.1.0').forEach((v, i) => expect(mem().getFloat64(address + 8 * i, true), `${p.name}[${i}]`).toBe(v));
    }
    expect([...axes.keys()].sort()).toEqual(['limitBpMps', 'stationaryBpMps']);
    expect([...characteristics].filter(([, c]) => c.kind === 'CURVE').map(([n]) => n).sort()).toEqual(['accDecelMaxMps2', 'accelMaxMps2', 'jerkMaxMps3', 'stationaryTrustRangeM']);
  });

  it('MEASUREMENT addresses are where the ECU keeps its inputs and outputs', () => {
    const measurements = new Map([...a2l.matchAll(/\/begin MEASUREMENT (\S+) [\s\S]*?ECU_ADDRESS (0x[0-9A-F]+)/g)].map((m) => [m[1], Number(m[2])]));
    for (const s of INPUTS) expect(measurements.has(`in.${s.name}`), s.name).toBe(true);
    for (const s of OUTPUTS) expect(measurements.has(`out.${s.name}`), s.name).toBe(true);
    ecu.inputs[IN.egoSpeedMps] = 27.125;
    expect(mem().getFloat64(measurements.get('in.egoSpeedMps')!, true)).toBe(27.125);
    ecu.step();
    const mode = mem().getFloat64(measurements.get('out.mode')!, true);
    expect(mode).toBe(ecu.outputs[1]);
  });

  it('carries XCP on Ethernet (UDP and TCP) IF_DATA with the 10 ms event', () => {
    expect(a2l).toMatch(/\/begin XCP_ON_UDP_IP\s+0x0104 41555 ADDRESS "127.0.0.1"/);
    expect(a2l).toMatch(/\/begin XCP_ON_TCP_IP\s+0x0104 41555 ADDRESS "127.0.0.1"/);
    expect(a2l).toMatch(/\/begin EVENT "cycle_10ms" "10ms" 0 DAQ 255 10 6 0/); // 10 × 1 ms
  });

  it('the EPK names the version and the image hash: 1.0.0 and 1.1.0 differ', () => {
    const epk = (v: string) => /EPK "([^"]+)"/.exec(generateA2l(Ecu.load(v)))![1];
    expect(epk('1.1.0')).toBe(`HPA-ECU 1.1.0 ${ecu.info.sha256.slice(0, 16)}`);
    expect(epk('1.0.0')).not.toBe(epk('1.1.0'));
  });

  it('hpa a2l writes the file; an unknown firmware is one line, exit 1', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hil-a2l-'));
    const ok = hpa(['a2l', '--firmware', '1.1.0', '-o', join(dir, 'hpa-1.1.0.a2l')]);
    expect(ok.status).toBe(0);
    expect(readFileSync(join(dir, 'hpa-1.1.0.a2l'), 'utf8')).toBe(generateA2l(Ecu.load('1.1.0')));
    const bad = hpa(['a2l', '--firmware', '9.9.9', '-o', join(dir, 'x.a2l')]);
    expect(bad.status).toBe(1);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/^hpa: firmware 9\.9\.9 is not built/);
  });
});
