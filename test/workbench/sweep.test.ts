// `hpa sweep`: a grid over calibration values and firmware on worker threads, results that match
// a single run, structured CSV columns, and a sweep killed with SIGKILL that resumes without loss.
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { Ecu } from '../../host/ecu/ecu.js';
import { EcuController } from '../../host/runner/controller.js';
import { runScenario } from '../../host/sim/run.js';
import { runSweep } from '../../host/workbench/sweep.js';
import { hpa, ROOT, shipped } from '../helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'hpa-wb-sweep-'));
const ccrs50 = () => shipped('euro-ncap-ccrs.json').find((v) => v.name.endsWith('=50'))!;

describe('sweep over a calibration value and two releases', () => {
  it('each point equals a single run with that calibration; a larger fcwTtcS never warns later', async () => {
    const report = await runSweep({ scenario: 'euro-ncap-ccrs', variant: '=50', params: ['calibration.fcwTtcS=2,3,4'], firmware: ['1.0.0', '1.1.0'], out: join(dir, 'lib.jsonl'), threads: 2 });
    expect(report.total).toBe(6);
    expect(report.rows.map((r) => [r.firmware, r.params['calibration.fcwTtcS']])).toEqual([['1.0.0', 2], ['1.0.0', 3], ['1.0.0', 4], ['1.1.0', 2], ['1.1.0', 3], ['1.1.0', 4]]);
    for (const row of [report.rows[1], report.rows[5]]) {
      const ecu = Ecu.load(row.firmware);
      ecu.setCalibration({ fcwTtcS: row.params['calibration.fcwTtcS'] as number });
      const single = runScenario(ccrs50(), { controller: new EcuController(ecu) });
      expect(row.metrics.minGapM).toBe(single.minGapM);
      expect(row.metrics.firstFcwS).toBe(single.events.find((e) => e.type === 'fcw')?.tS ?? null);
    }
    for (const fw of ['1.0.0', '1.1.0']) {
      const fcw = report.rows.filter((r) => r.firmware === fw).map((r) => r.metrics.firstFcwS!);
      expect(fcw[1]).toBeLessThanOrEqual(fcw[0]);
      expect(fcw[2]).toBeLessThan(fcw[0]); // warning at TTC 4 s comes before the one at 2 s
    }
  });

  it('CLI: summary table, CSV with the parameters as columns, quiet on a pipe', () => {
    const csv = join(dir, 'grid.csv');
    const r = hpa(['sweep', 'euro-ncap-ccrs', '--variant', '=50', '-p', 'calibration.fcwTtcS=2,4', '-p', 'ego.timeGapS=1.2,2', '-f', '1.0.0,1.1.0', '-o', join(dir, 'grid.jsonl'), '--csv', csv]);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe(''); // no progress bar when stderr is not a terminal
    expect(r.stdout).toContain('8 runs (8 run now, 0 resumed');
    const rows: Record<string, string>[] = parse(readFileSync(csv, 'utf8'), { columns: true });
    expect(rows).toHaveLength(8);
    expect(Object.keys(rows[0])).toEqual(expect.arrayContaining(['id', 'variant', 'firmware', 'calibration.fcwTtcS', 'ego.timeGapS', 'collision', 'minGapM', 'firstFcwS', 'passed']));
    expect(new Set(rows.map((x) => `${x.firmware}|${x['calibration.fcwTtcS']}|${x['ego.timeGapS']}`)).size).toBe(8);
  });

  it('a grid file (YAML: path → values, firmware) gives the same points as -p options', () => {
    const grid = join(dir, 'grid.yaml');
    writeFileSync(grid, 'calibration.fcwTtcS: [2, 4]\nego.timeGapS: [1.2, 2]\nfirmware: [1.0.0, 1.1.0]\n');
    const r = hpa(['sweep', 'euro-ncap-ccrs', '--variant', '=50', '--grid', grid, '-o', join(dir, 'gridfile.jsonl'), '--json']);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.total).toBe(8);
    expect(out.ran).toBe(8);
    expect(out.firmware.map((f: { ref: string }) => f.ref)).toEqual(['1.0.0', '1.1.0']);
    expect(out.params.map((p: { path: string }) => p.path)).toEqual(['calibration.fcwTtcS', 'ego.timeGapS']);
  });

  it.each([
    [['-p', 'calibration.warpFactor=1,2'], 'calibration.warpFactor', 'not a calibration parameter'],
    [['-p', 'calibration.fcwTtcS=2,9'], 'calibration.fcwTtcS', 'outside'],
    [['-p', 'objects.0.speedKph=0,50'], 'objects.0.atTtcS', 'no closing speed'],
    [['-p', 'calibration.aebThresholdMps2=4,6', '-p', 'calibration.partialBrakeMaxMps2=4.5'], 'partialBrakeMaxMps2', '<'],
  ])('refuses a bad grid before running: %j', (args, field, reason) => {
    const r = hpa(['sweep', 'euro-ncap-ccrs', '--variant', '=50', ...args, '-o', join(dir, 'bad.jsonl')]);
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(field);
    expect(r.stderr).toContain(reason);
  });
});

describe('a sweep killed with SIGKILL resumes where it stopped', () => {
  it('totals equal, no point twice, the partial last line discarded', async () => {
    const out = join(dir, 'killed.jsonl');
    const args = [join(ROOT, 'bin/hpa.js'), 'sweep', 'euro-ncap-ccrs', '--variant', '=50', '-p', 'calibration.fcwTtcS=1..5/150', '-f', '1.0.0,1.1.0', '-o', out, '--threads', '2'];
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: 'ignore' });
    const lines = () => (existsSync(out) ? readFileSync(out, 'utf8').split('\n').filter(Boolean).length : 0);
    await new Promise<void>((resolve, reject) => {
      const poll = setInterval(() => {
        if (lines() >= 20) { clearInterval(poll); child.kill('SIGKILL'); resolve(); }
      }, 50);
      child.on('exit', (code) => { clearInterval(poll); if (code !== null) reject(new Error(`sweep ended (${code}) before it could be killed`)); });
    });
    await new Promise((r) => child.on('exit', r));
    const atKill = lines();
    expect(atKill).toBeLessThan(300);
    appendFileSync(out, '{"id":"c0ffee","metr'); // a write cut off by the kill
    const r = hpa([...args.slice(1), '--json']);
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.total).toBe(300);
    expect(report.resumed).toBe(atKill);
    expect(report.ran).toBe(300 - atKill);
    const ids = readFileSync(out, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l).id);
    expect(ids).toHaveLength(300);
    expect(new Set(ids).size).toBe(300);
    expect(new Set(report.rows.map((x: { id: string }) => x.id))).toEqual(new Set(ids));
  });
});
