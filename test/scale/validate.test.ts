// hpa validate: seeded traffic, exact Poisson intervals, totals independent of who ran the jobs,
// failing episodes written out and replayed exactly.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedEngine } from '../../host/jobs/embedded.js';
import { runScenario } from '../../host/sim/run.js';
import { checkScenario, loadScenarioFile } from '../../host/sim/scenario.js';
import { EPISODE_KM, generateEpisode, HAZARDS } from '../../host/validate/traffic.js';
import { poissonInterval, ratePerMillionKm } from '../../host/validate/stats.js';
import { planJobs, validate } from '../../host/validate/validate.js';

describe('exact (Garwood) 95 % Poisson intervals', () => {
  // Reference values: chi-square quantiles, e.g. upper(0) = −ln(0.025) = 3.689 ("rule of three").
  it.each([
    [0, 0, 3.6889],
    [1, 0.0253, 5.5716],
    [10, 4.7954, 18.3904],
  ])('k = %i ⇒ [%f, %f]', (k, lower, upper) => {
    const ci = poissonInterval(k);
    expect(ci.lower).toBeCloseTo(lower, 3);
    expect(ci.upper).toBeCloseTo(upper, 3);
  });
  it('scales a count to a rate per 10⁶ km', () => {
    expect(ratePerMillionKm(3, 1000).perMillionKm).toBe(3000);
    expect(ratePerMillionKm(0, 1e6).ci95[1]).toBeCloseTo(3.689, 3);
  });
});

describe('seeded highway traffic', () => {
  it('episode i of seed s is the same scenario every time, a different one for another i or s', () => {
    expect(JSON.stringify(generateEpisode(7, 42))).toBe(JSON.stringify(generateEpisode(7, 42)));
    expect(JSON.stringify(generateEpisode(7, 43).scenario)).not.toBe(JSON.stringify(generateEpisode(7, 42).scenario));
    expect(JSON.stringify(generateEpisode(8, 42).scenario)).not.toBe(JSON.stringify(generateEpisode(7, 42).scenario));
  });
  it('every generated episode is a valid scenario file, and 2,000 episodes cover every hazard and both driver kinds', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const ep = generateEpisode(11, i, 'mixed');
      checkScenario(JSON.parse(JSON.stringify(ep.scenario)), `episode ${i}`);
      seen.add(ep.hazard);
      seen.add(ep.scenario.driver?.handsOn ? 'inattentive' : 'attentive');
    }
    for (const h of HAZARDS) expect(seen).toContain(h);
    expect(seen).toContain('inattentive');
    expect(seen).toContain('attentive');
  });
  it('refuses a distance or seed that is not one', () => {
    expect(() => planJobs({ km: -1, seed: 1, firmware: ['1.1.0'] }, { '1.1.0': 'x' })).toThrow(/--km/);
    expect(() => planJobs({ km: 10, seed: 1.5, firmware: ['1.1.0'] }, { '1.1.0': 'x' })).toThrow(/--seed/);
  });
});

describe('hpa validate on the embedded engine', () => {
  let one: EmbeddedEngine;
  let two: EmbeddedEngine;
  beforeAll(async () => { [one, two] = await Promise.all([EmbeddedEngine.start(1), EmbeddedEngine.start(2)]); });
  afterAll(async () => { await Promise.all([one.close(), two.close()]); });

  it('gives the same totals on 1 and 2 threads and for any batch size (same seed ⇒ same result)', async () => {
    const opts = { km: 60, seed: 5, firmware: ['1.0.0', '1.1.0'] };
    const a = await validate({ ...opts, batchEpisodes: 7 }, one);
    const b = await validate({ ...opts, batchEpisodes: 3 }, two);
    expect(a.firmware.map((f) => f.totals)).toEqual(b.firmware.map((f) => f.totals));
    expect(a.firmware[0].totals.km).toBe(30 * EPISODE_KM);
    expect(a.firmware[0].sha256).not.toBe(a.firmware[1].sha256);
  });

  it('writes each failing episode as a scenario that hpa run replays to the same collision', async () => {
    const out = mkdtempSync(join(tmpdir(), 'hpa-validate-'));
    // Recall-era firmware on 100 km of traffic: stopped cars and closures give it collisions.
    const report = await validate({ km: 100, seed: 7, firmware: ['1.0.0'], outDir: out }, two);
    const fw = report.firmware[0];
    expect(fw.totals.collisions).toBeGreaterThan(0);
    expect(fw.failedEpisodeFiles.length).toBe(Math.min(fw.totals.collisions, 50));
    expect(readdirSync(join(out, '1.0.0')).length).toBe(fw.failedEpisodeFiles.length);
    for (const [k, file] of fw.failedEpisodeFiles.slice(0, 3).entries()) {
      const replay = runScenario(loadScenarioFile(file).variants[0], { firmware: '1.0.0' });
      expect(replay.collision).toBe(true);
      expect(replay.impactSpeedKph).toBe(fw.totals.failed[k].impactSpeedKph);
    }
  });
});

describe('hpa validate / hpa worker refuse what they cannot use, in one line', () => {
  const hpa = (args: string[]) => spawnSync(process.execPath, [join(import.meta.dirname, '../../bin/hpa.js'), ...args], { encoding: 'utf8', timeout: 60_000 });
  it.each([
    [['validate', '--km', '2', '--redis', 'redis://127.0.0.1:1'], /^hpa: --redis: cannot reach Redis at redis:\/\/127\.0\.0\.1:1/],
    [['worker', '--redis', 'http://x'], /^hpa: --redis: "http:\/\/x" is not a redis:\/\/ URL/],
    [['validate', '--km', '-3'], /^hpa: --km: "-3" is not a positive distance/],
    [['validate', '--km', '2', '--driver', 'sleepy'], /^hpa: --driver: "sleepy"/],
  ])('hpa %j', (args, message) => {
    const r = hpa(args);
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });
});
