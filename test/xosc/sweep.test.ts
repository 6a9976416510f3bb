// `hpa sweep` over OpenSCENARIO files: a distribution's runs are the sweep's variants, a scenario's
// ParameterDeclarations are swept like native fields (each point imported with its values), the
// result rows have the native sweep's fields, and bad input is one line, exit 1.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { Ecu } from '../../host/ecu/ecu.js';
import { EcuController } from '../../host/runner/controller.js';
import { runScenario } from '../../host/sim/run.js';
import { loadScenarioAny } from '../../host/xosc/load.js';
import { hpa, ROOT } from '../helpers.js';
import { atTime, event, speed, story, teleport, writeFiles, xosc } from './compose.js';

const dir = mkdtempSync(join(tmpdir(), 'hpa-xosc-sweep-'));
const XOSC = join(ROOT, 'scenarios', 'xosc');
const BASE = join(XOSC, 'euro-ncap-ccr-base.xosc');
type Row = Record<string, unknown> & { variant: string; params: Record<string, unknown> };
const sweepJson = (args: string[], out: string) => {
  const r = hpa(['sweep', ...args, '-o', join(dir, out), '--json']);
  expect(r.stderr.split('\n').filter((l) => l && !l.startsWith('hpa: note: '))).toEqual([]); // notes only, as hpa run prints them
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout) as { total: number; ran: number; resumed: number; params: { path: string }[]; rows: Row[] };
};

describe('hpa sweep over an OpenSCENARIO distribution', () => {
  it('gives the native sweep\'s rows and figures for the same Euro NCAP CCRs point (pilot engaged, whole duration)', () => {
    // The shipped native CCRs grid runs with the pilot engaged, sensor seed 21, for its whole 14 s.
    const native = sweepJson(['euro-ncap-ccrs', '--variant', 'speedKph=50', '-p', 'calibration.fcwTtcS=2,4'], 'native.jsonl');
    const imported = sweepJson([join(XOSC, 'euro-ncap-ccrs.xosc'), '--variant', 'EgoSpeedKph=50,', '--ego-mode', 'engaged', '--seed', '21',
      '-p', 'ProtocolEnd=false', '-p', 'calibration.fcwTtcS=2,4'], 'imported.jsonl');
    expect(native.total).toBe(2);
    expect(imported.total).toBe(2);
    expect(Object.keys(imported.rows[0]).sort()).toEqual(Object.keys(native.rows[0]).sort());
    expect(imported.rows.map((r) => r.variant)).toEqual(['euro-ncap-ccrs@EgoSpeedKph=50,TargetSpeedKph=0', 'euro-ncap-ccrs@EgoSpeedKph=50,TargetSpeedKph=0']);
    expect(imported.rows.map((r) => r.params)).toEqual([{ ProtocolEnd: false, 'calibration.fcwTtcS': 2 }, { ProtocolEnd: false, 'calibration.fcwTtcS': 4 }]);
    const figures = (r: Row) => ({ collision: r.collision, impactSpeedKph: r.impactSpeedKph, minGapM: r.minGapM });
    expect(imported.rows.map(figures)).toEqual(native.rows.map(figures));
    // A warning threshold at TTC 4 s warns before one at 2 s.
    expect(imported.rows[1].firstFcwS as number).toBeLessThan(imported.rows[0].firstFcwS as number);
  });

  it('runs every run of the distribution as a variant', () => {
    const out = sweepJson([join(XOSC, 'euro-ncap-ccrb.xosc'), '-f', '1.0.0,1.1.0'], 'ccrb.jsonl');
    expect(out.total).toBe(2 * 4); // CCRb: 12/40 m × 2/6 m/s², on two firmware builds
    expect(new Set(out.rows.map((r) => r.variant)).size).toBe(4);
  });
});

describe('hpa sweep over a ParameterDeclaration of an OpenSCENARIO scenario', () => {
  const args = [BASE, '-p', 'EgoSpeedKph=30,60', '-p', 'TargetSpeedKph=0,20', '-p', 'calibration.fcwTtcS=3'];

  it('each point equals a single import and run with those parameter values; CSV has them as columns; resumes', () => {
    const csv = join(dir, 'base.csv');
    const r = hpa(['sweep', ...args, '-o', join(dir, 'base.jsonl'), '--csv', csv]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('4 runs (4 run now, 0 resumed');
    expect(r.stderr).toMatch(/^hpa: note: Ego's controller "HPA-ECU" is replaced by the ECU$/m); // as hpa run reports it
    const rows: Record<string, string>[] = parse(readFileSync(csv, 'utf8'), { columns: true });
    expect(rows.map((x) => [x.EgoSpeedKph, x.TargetSpeedKph])).toEqual([['30', '0'], ['30', '20'], ['60', '0'], ['60', '20']]);
    for (const row of [rows[1], rows[2]]) {
      const scenario = loadScenarioAny(BASE, { parameters: new Map([['EgoSpeedKph', row.EgoSpeedKph], ['TargetSpeedKph', row.TargetSpeedKph]]) }).variants[0];
      const ecu = Ecu.load('1.1.0');
      ecu.setCalibration({ fcwTtcS: 3 });
      const single = runScenario(scenario, { controller: new EcuController(ecu) });
      expect(row.collision).toBe(String(single.collision));
      expect(Number(row.minGapM)).toBe(single.minGapM);
      expect(Number(row.maxDecelMps2)).toBe(single.maxDecelMps2);
    }
    const again = hpa(['sweep', ...args, '-o', join(dir, 'base.jsonl')]);
    expect(again.stdout).toContain('4 runs (0 run now, 4 resumed');
  });
});

describe('hpa sweep refuses bad OpenSCENARIO input before running: one line, exit 1', () => {
  const broken = writeFiles({ 'broken.xosc': '<OpenSCENARIO>\n<FileHeader revMajor="1">\n</OpenSCENARIO>\n' });
  const unsupported = writeFiles({ 'cut-in.xosc': xosc({ stories: story('Lead', event('E', '<PrivateAction><SynchronizeAction masterEntityRef="Ego"/></PrivateAction>', atTime(1))) }) });
  const typed = writeFiles({ 'typed.xosc': xosc({ params: '<ParameterDeclaration name="LeadSpeed" parameterType="double" value="10"/>', init: `<Private entityRef="Ego">${teleport(-1, 50)}${speed(20)}</Private><Private entityRef="Lead">${teleport(-1, 150)}${speed('$LeadSpeed')}</Private>` }) });
  it.each<[string, string[], RegExp]>([
    ['an unknown parameter', [BASE, '-p', 'Nope=1,2'], /^hpa: .*euro-ncap-ccr-base\.xosc: \/OpenSCENARIO\/ParameterDeclarations \(line \d+\): unknown parameter "Nope"/],
    ['a native field path (an .xosc sweep names its parameters)', [BASE, '-p', 'ego.speedKph=30,60'], /ParameterDeclarations \(line \d+\): unknown parameter "ego\.speedKph"/],
    ['a value of the wrong type', [typed, '-p', 'LeadSpeed=5,fast'], /^hpa: .*typed\.xosc: \/OpenSCENARIO\/ParameterDeclarations\/ParameterDeclaration \(line \d+\): "fast" is not a number \(double\)$/],
    ['a parameter the distribution sets', [join(XOSC, 'euro-ncap-ccrs.xosc'), '-p', 'EgoSpeedKph=20,30'], /^hpa: .*euro-ncap-ccrs\.xosc: \/OpenSCENARIO\/ParameterValueDistribution\/Deterministic\/DeterministicSingleParameterDistribution \(line \d+\): EgoSpeedKph: the distribution sets it/],
    ['malformed XML', [broken], /^hpa: .*broken\.xosc: line 3: malformed XML: unexpected close tag/],
    ['an unsupported element', [unsupported], /^hpa: .*cut-in\.xosc: \/OpenSCENARIO\/Storyboard\/.*\/SynchronizeAction \(line \d+\): not supported/],
    ['a catalog file', [join(XOSC, 'catalogs', 'vehicles.xosc')], /\/OpenSCENARIO\/Catalog \(line \d+\): a catalog file/],
  ])('%s', (_what, args, message) => {
    const out = join(dir, 'refused.jsonl');
    const r = hpa(['sweep', ...args, '-o', out]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr.trim()).toMatch(message);
  });
});
