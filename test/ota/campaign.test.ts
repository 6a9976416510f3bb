// The recall campaign (domain.md §1, §5): the two recall numbers, waves with success and error
// thresholds and abort criteria, seeded download failures, power losses and trial stalls, and
// a real firmware trial per vehicle in worker threads. The full 116,887-vehicle run is long
// for a test suite; here a 2 % sample of the same fleet, same plan.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { RECALLS } from '../../host/ota/campaign/population.js';
import { craft } from './craft.js';
import { hpa, makeFixture, must, type OtaFixture } from './fixture.js';
import { writeFileSync } from 'node:fs';

let f: OtaFixture;
beforeAll(async () => { f = await makeFixture(); });

const SCALE = 0.02;

describe('recall campaign across the fleet', () => {
  it('rolls 1.1.0 out to both recall numbers in waves, with retries, and reports completion over time', async () => {
    const out = join(f.tmp, 'campaign.json');
    const r = await must(hpa(['campaign', '--package', f.good, '--package', f.good150, '--root', f.root, '--scale', String(SCALE), '--threads', '2', '--out', out, '--no-progress']));
    expect(r.stdout).toContain('Completion per recall number');
    expect(r.stdout).toContain('Per filing');
    const report = JSON.parse(readFileSync(out, 'utf8'));
    expect(report.aborted).toBe(false);
    expect(report.recalls.map((x: { id: string; vehicles: number }) => [x.id, x.vehicles])).toEqual(RECALLS.map((x) => [x.id, Math.round(x.vehicles * SCALE)]));
    expect(report.waves.map((w: { name: string }) => w.name)).toEqual(['in stock (before delivery)', 'canary', 'early', 'wave 3', 'wave 4', 'fleet']);
    // Per filing: each recall number has its own release; unsold cars are all updated before delivery; every updated driver was told.
    for (const rec of report.recalls) {
      expect(rec.release).toBe('1.1.0 #2');
      expect(rec.inStock).toBeGreaterThan(0);
      expect(rec.stockUpdated).toBe(rec.inStock);
      expect(rec.driversTold).toBeGreaterThanOrEqual(rec.updated);
    }
    // Injected faults happened and were retried; every trial that ran was a real one.
    expect(report.totals.downloadFailures).toBeGreaterThan(0);
    expect(report.totals.retries).toBeGreaterThan(0);
    expect(report.totals.trials).toBeGreaterThanOrEqual(report.totals.updated);
    expect(report.totals.updated + report.totals.failed + report.totals.notCompleted).toBe(report.vehicles);
    // Completion is monotonic per recall number and never above 100 %.
    for (const rec of RECALLS) {
      const series = report.completion.map((p: { recalls: Record<string, { percent: number }> }) => p.recalls[rec.id].percent);
      expect(series).toEqual([...series].sort((a, b) => a - b));
      expect(series.at(-1)).toBeLessThanOrEqual(100);
    }
    // Cars in stock are updated at the dealer from day 0, beside the canary; each customer wave
    // starts only after the previous one passed its gate.
    expect(report.waves[1].startH).toBe(0);
    for (let i = 2; i < report.waves.length; i++) expect(report.waves[i].startH).toBe(report.waves[i - 1].gateAtH);
  });

  it('aborts at the error threshold when downloads keep failing, and starts no later wave', async () => {
    const r = await hpa(['campaign', '--package', f.good, '--package', f.good150, '--root', f.root, '--scale', String(SCALE), '--download-failure', '0.9', '--json']);
    expect(r.code).toBe(6);
    expect(r.json.aborted).toBe(true);
    expect(r.json.abortReason).toMatch(/canary: (error threshold|success threshold)/);
    expect(r.json.waves.map((w: { name: string }) => w.name)).toEqual(['in stock (before delivery)', 'canary']);
  });

  it('refuses a tampered release before any vehicle is touched', async () => {
    const other = join(f.tmp, 'foreign.hpa');
    craft(f, 'foreign', { targetsKey: f.rogueKey });
    const r = await hpa(['campaign', '--package', other, '--root', f.root, '--scale', String(SCALE), '--json']);
    expect(r.code).toBe(11);
    expect(r.json).toMatchObject({ ok: false, error: 'unknown-key' });
  });

  it('checks every package against the fleet\'s anti-rollback counter, as a vehicle does', async () => {
    const r = await hpa(['campaign', '--package', f.good, '--package', f.good150, '--root', f.root, '--scale', String(SCALE), '--from-counter', '3', '--json']);
    expect(r.code).toBe(17);
    expect(r.json).toMatchObject({ ok: false, error: 'rollback' });
  });

  it('follows a signed director assignment: only the vehicles it assigns this image to are updated', async () => {
    const list = join(f.tmp, 'assignments.json');
    const w = await must(hpa(['campaign', '--package', f.good, '--package', f.good150, '--root', f.root, '--scale', String(SCALE), '--write-assignments', list, '--json']));
    const assignments = JSON.parse(readFileSync(list, 'utf8')) as { vin: string; hardwareId: string; sha256: string }[];
    expect(w.json.assignments).toBe(assignments.length);
    expect(assignments.length).toBe(RECALLS.reduce((n, r) => n + Math.round(r.vehicles * SCALE), 0));
    expect(assignments.every((a) => /^[A-HJ-NPR-Z0-9]{17}$/.test(a.vin))).toBe(true);
    // The director leaves 10 vehicles out and assigns one of them another image: neither is updated.
    const edited = assignments.slice(10);
    edited[0] = { ...edited[0], sha256: '0'.repeat(64) };
    writeFileSync(list, JSON.stringify(edited));
    const director = join(f.tmp, 'director.json');
    await must(hpa(['ota', 'assign', list, '--key', f.directorKey, '--director-version', '1', '--out', director]));
    const r = await must(hpa(['campaign', '--package', f.good, '--package', f.good150, '--root', f.root, '--scale', String(SCALE), '--director', director, '--json']));
    expect(r.json.director).toEqual({ version: 1, assigned: assignments.length - 11, refused: { 'not assigned': 10, 'assigned another image or hardware': 1 } });
    expect(r.json.totals.updated).toBeLessThanOrEqual(assignments.length - 11);
    // An assignment signed by the release (targets) key instead of the director's is refused before any vehicle.
    const forged = join(f.tmp, 'director-forged.json');
    await must(hpa(['ota', 'assign', list, '--key', f.key, '--director-version', '1', '--out', forged]));
    const bad = await hpa(['campaign', '--package', f.good, '--package', f.good150, '--root', f.root, '--scale', String(SCALE), '--director', forged, '--json']);
    expect(bad.code).not.toBe(0);
    expect(bad.json).toMatchObject({ ok: false });
    expect(['unknown-key', 'threshold', 'bad-signature']).toContain(bad.json.error);
  });
});
