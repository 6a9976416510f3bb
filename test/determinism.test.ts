// Same firmware + scenario + seed ⇒ bit-identical output, across processes; snapshot/restore
// continues a drive bit-identically.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IN } from '../host/ecu/abi-views.js';
import { Ecu } from '../host/ecu/ecu.js';
import { Random } from '../host/sim/random.js';
import { hpa, ROOT } from './helpers.js';

describe('determinism', () => {
  it('the same scenario and seed twice give identical JSON', () => {
    const a = hpa(['run', 'robustness-sensor-faults', '--json']);
    const b = hpa(['run', 'robustness-sensor-faults', '--json']);
    expect(a.status).toBe(0);
    expect(a.stdout).toBe(b.stdout);
  });

  it('a different seed gives a different noisy drive (the seed is really used)', () => {
    const scenario = JSON.parse(readFileSync(join(ROOT, 'scenarios/robustness-sensor-faults.json'), 'utf8'));
    scenario.sensors.seed = 42;
    const path = join(mkdtempSync(join(tmpdir(), 'hpa-seed-')), 'seed.json');
    writeFileSync(path, JSON.stringify(scenario));
    const a = JSON.parse(hpa(['run', 'robustness-sensor-faults', '--json']).stdout);
    const b = JSON.parse(hpa(['run', path, '--json']).stdout);
    expect(b.minGapM).not.toBe(a.minGapM);
  });
});

describe('snapshot / restore', () => {
  function drive(ecu: Ecu, rng: Random, cycles: number, from: number): Float64Array {
    const trace = new Float64Array(cycles * ecu.outputs.length);
    for (let c = 0; c < cycles; c++) {
      const i = ecu.inputs;
      i[IN.frameCounter] = (from + c) % 65536;
      i[IN.mainSwitch] = 1;
      i[IN.engageRequest] = from + c === 5 ? 1 : 0;
      i[IN.egoSpeedMps] = 28;
      i[IN.setSpeedMps] = 30;
      i[IN.timeGapSetS] = 1.45;
      i[IN.leadValid] = 1;
      i[IN.leadKind] = 1;
      i[IN.leadDistM] = 30 + 20 * rng.next();
      i[IN.leadRelSpeedMps] = -3 + 2 * rng.next();
      i[IN.handsOn] = c % 900 < 700 ? 1 : 0;
      i[IN.eyesOnRoad] = 1;
      i[IN.oddEndDistM] = 5000;
      ecu.step();
      trace.set(ecu.outputs, c * ecu.outputs.length);
    }
    return trace;
  }

  it('restoring a snapshot into a fresh instance continues bit-identically', () => {
    const a = Ecu.load('1.1.0');
    drive(a, new Random(5), 3000, 0);
    const snap = a.snapshot();
    const rest = drive(a, new Random(9), 3000, 3000);
    const b = Ecu.load('1.1.0');
    b.restore(snap);
    expect(Buffer.from(drive(b, new Random(9), 3000, 3000).buffer)).toEqual(Buffer.from(rest.buffer));
  });
});
