// Phantom brakes next to collisions (issue 7): autonomous braking > 2 m/s² with nothing truly in
// the path, per episode, and the rates per 1,000 km on the seeded ghost-heavy drive.
import { describe, expect, it } from 'vitest';
import { Ecu } from '../../host/ecu/ecu.js';
import { EcuController } from '../../host/runner/controller.js';
import { brakingJustified, PHANTOM_DECEL_MPS2, PhantomBrakeLog, ratesPer1000Km } from '../../host/sim/phantom-brakes.js';
import { runScenario, type RunResult } from '../../host/sim/run.js';
import type { Scenario } from '../../host/sim/scenario.js';
import type { Ego, SimObject } from '../../host/sim/world.js';
import { shipped } from '../helpers.js';

const drive = shipped('ghost-heavy-drive.json')[0];

function runWith(scenario: Scenario, version: string, calibration?: Record<string, unknown>): RunResult {
  const ecu = Ecu.load(version);
  if (calibration) ecu.setCalibration(calibration as never);
  return runScenario(scenario, { controller: new EcuController(ecu) });
}

/** 1.1.0 acting on every stationary return out to 300 m and confirming it as soon as a stop at the
 * 5 m/s² comfort level would be needed (the confirmation stage at its most trusting). */
const trustingEverything = { stationaryTrustRangeM: [300, 300, 300, 300], confirmStopDecelMps2: 5 };

describe('phantom brakes on the ghost-heavy drive', () => {
  const results = { '1.0.0': runWith(drive, '1.0.0'), '1.1.0': runWith(drive, '1.1.0'), trusting: runWith(drive, '1.1.0', trustingEverything) };

  it('the drive is several km of free motorway with no real obstacle and no collision', () => {
    expect(drive.objects ?? []).toHaveLength(0);
    for (const r of Object.values(results)) {
      expect(r.distanceKm).toBeGreaterThan(4);
      expect(r.collision).toBe(false);
    }
  });

  it('a firmware that brakes for every far stationary return phantom-brakes, each episode above 2 m/s²', () => {
    const r = results.trusting;
    expect(r.phantomBrakes.length).toBeGreaterThan(5);
    for (const p of r.phantomBrakes) expect(p.peakDecelMps2).toBeGreaterThan(PHANTOM_DECEL_MPS2);
    // Episodes are separate: each starts after the previous one ended.
    for (let i = 1; i < r.phantomBrakes.length; i++) expect(r.phantomBrakes[i].tS).toBeGreaterThan(r.phantomBrakes[i - 1].tS + r.phantomBrakes[i - 1].durationS);
  });

  it('without false returns the same drive has no phantom brake on either release', () => {
    const clean = { ...drive, sensors: { ...drive.sensors, ghosts: { perKm: 0 } } };
    for (const version of ['1.0.0', '1.1.0']) expect(runWith(clean, version).phantomBrakes).toEqual([]);
  });

  it("the scenario's ceiling is 1.0.0's own count on this seed, and 1.1.0 stays within it", () => {
    expect(drive.expect?.maxPhantomBrakes).toBe(results['1.0.0'].phantomBrakes.length);
    expect(results['1.1.0'].phantomBrakes.length).toBeLessThanOrEqual(results['1.0.0'].phantomBrakes.length);
  });

  it('over twelve seeds 1.1.0 phantom-brakes less often per 1,000 km than 1.0.0, with no collision', () => {
    const perRelease = { '1.0.0': [] as RunResult[], '1.1.0': [] as RunResult[] };
    for (let seed = 1; seed <= 12; seed++) {
      const s = { ...drive, sensors: { ...drive.sensors, seed } };
      for (const version of ['1.0.0', '1.1.0'] as const) perRelease[version].push(runWith(s, version));
    }
    const old = ratesPer1000Km(perRelease['1.0.0']), remedy = ratesPer1000Km(perRelease['1.1.0']);
    console.log(`ghost-heavy-drive seeds 1–12: 1.0.0 ${old.phantomBrakes} in ${old.distanceKm} km (${old.phantomBrakesPer1000Km}/1,000 km), 1.1.0 ${remedy.phantomBrakes} in ${remedy.distanceKm} km (${remedy.phantomBrakesPer1000Km}/1,000 km)`);
    expect(remedy.phantomBrakesPer1000Km).toBeLessThanOrEqual(old.phantomBrakesPer1000Km);
    expect(remedy.collisionsPer1000Km).toBe(0);
  });

  it('reports phantom brakes and collisions per 1,000 km for each release', () => {
    for (const [name, r] of Object.entries(results)) {
      const rates = ratesPer1000Km([r]);
      expect(rates.phantomBrakesPer1000Km).toBeCloseTo(r.phantomBrakes.length / r.distanceKm * 1000, 0);
      expect(rates.collisionsPer1000Km).toBe(0);
      console.log(`ghost-heavy-drive ${name}: ${rates.phantomBrakes} phantom brakes in ${rates.distanceKm} km = ${rates.phantomBrakesPer1000Km} per 1,000 km; collisions ${rates.collisionsPer1000Km} per 1,000 km`);
    }
  });
});

describe('what counts as a phantom brake', () => {
  it('braking for a real stopped car in the path is not one', () => {
    for (const s of shipped('openpilot-stopped-car.json')) {
      const r = runWith(s, '1.1.0');
      expect(r.maxDecelMps2).toBeGreaterThan(PHANTOM_DECEL_MPS2);
      expect(r.phantomBrakes).toEqual([]);
    }
  });

  it('holding a stopped car is not one: a brake demand at standstill decelerates nothing', () => {
    const log = new PhantomBrakeLog();
    const standing = { speedMps: 0 } as Ego, rolling = { speedMps: 10 } as Ego;
    for (let i = 0; i < 50; i++) log.update(i * 0.01, 3, true, null, standing);
    expect(log.episodes).toEqual([]);
    log.update(0.5, 0, false, null, rolling);
    log.update(0.51, 3, true, null, rolling);
    expect(log.episodes).toHaveLength(1);
  });

  it('braking that starts for a real object stays justified until it ends; one that starts for nothing is one', () => {
    const ego = { speedMps: 1 } as Ego;
    const near = { gapM: () => 5, ttcS: () => 5 } as unknown as SimObject;
    const far = { gapM: () => 30, ttcS: () => 30 } as unknown as SimObject;
    const log = new PhantomBrakeLog();
    log.update(0, 3, true, near, ego);
    log.update(0.01, 3, true, far, ego);
    expect(log.episodes).toEqual([]);
    log.update(0.02, 0, false, far, ego);
    log.update(0.03, 3, true, far, ego);
    expect(log.episodes).toEqual([{ tS: 0.03, durationS: 0, peakDecelMps2: 3 }]);
  });

  it('braking for a real lead that brakes hard far ahead is not one; the same lead cruising is no reason to brake', () => {
    const ego = { speedMps: 31.4 } as Ego;
    // 120 m ahead at 25.6 m/s, braking at 6.5 m/s²: it stands 50 m further on; stopping behind it needs ≈ 3 m/s².
    const braking = { gapM: () => 120, ttcS: () => 20, speedMps: 25.6, accelMps2: -6.5 } as unknown as SimObject;
    const cruising = { gapM: () => 120, ttcS: () => 20, speedMps: 25.6, accelMps2: 0 } as unknown as SimObject;
    expect(brakingJustified(braking, ego)).toBe(true);
    expect(brakingJustified(cruising, ego)).toBe(false);
    expect(brakingJustified(null, ego)).toBe(false);
  });

  it('an unattended construction zone: the hold at standstill and the minimal-risk manoeuvre are not phantom brakes', () => {
    const s = shipped('gb-construction-zone-unattended.json').find((x) => x.name.endsWith('speedKph=130,0.announced=true'))!;
    const r = runWith(s, '1.1.0');
    expect(r.collision).toBe(false);
    expect(r.events.map((e) => e.type)).toEqual(expect.arrayContaining(['standstill', 'mrm']));
    expect(r.phantomBrakes).toEqual([]);
  });
});
