// Emergency braking is demanded at once (1.1.0, aebDirectDemand) from its own second cycle and the
// warning's third on, while the object closes inside 5 s (enhanced TTC): the brake actuator's own lag (0.2 s in the plant) is then the only rise. 1.0.0 also
// ramps the emergency demand at 50 m/s³ in the firmware, modelling the actuator a second time and
// losing about 0.1 s of braking when a hazard is revealed late. Found by `hpa validate --km 1000000
// --seed 2030`: 185 of its 303 avoidable collisions are avoided with the demand stepped
// (docs/validation.md).
import { describe, expect, it } from 'vitest';
import { CYCLE_S } from '../../abi/signals.js';
import { runScenario, TRACE_COLUMNS, type RunResult } from '../../host/sim/run.js';
import type { SensorFault } from '../../host/sim/scenario.js';
import { shipped } from '../helpers.js';

const [reveal] = shipped('cut-out-truck-reveal-118kph.json');
const R152_EMERGENCY_MPS2 = 5; // UN R152: emergency braking demands at least 5 m/s²
const HAZARD_JERK_MPS3 = 50; // the ramp partial (warning-stage) braking keeps
const DIRECT_AFTER_S = 0.02; // emergency braking is stepped from the third cycle of the warning on
const col = (name: (typeof TRACE_COLUMNS)[number]) => TRACE_COLUMNS.indexOf(name);

/** The trace rows from the first cycle with emergency braking on. */
function fromAebOnset(r: RunResult): number[][] {
  const rows = r.trace!.rows;
  return rows.slice(rows.findIndex((row) => row[col('aeb')] === 1));
}

describe('emergency braking demanded at once', () => {
  it('1.1.0 stops short of the car a truck reveals 34 m ahead at 118 km/h, its demand an emergency one 0.02 s after AEB starts', () => {
    const r = runScenario(reveal, { firmware: '1.1.0', trace: true });
    expect(r.collision).toBe(false);
    const rows = fromAebOnset(r);
    const at = rows.findIndex((row) => row[0] >= rows[0][0] + DIRECT_AFTER_S - 1e-9);
    expect(rows[at][col('accelCmdMps2')]).toBeLessThanOrEqual(-R152_EMERGENCY_MPS2);
  });

  // A sensor that lies for one frame (10 ms): an object at 4 m closing at 20 m/s, then the real
  // lead again. The first 0.02 s of emergency braking keep the ramp, so the lie is gone before the
  // demand can step; without that the car braked at 7.6 m/s² for 2.7 s (the tail back from 9 m/s²).
  it('a one-frame lie of an object at 4 m closing at 20 m/s does not step the brakes', () => {
    const [follow] = shipped('steady-following.json');
    const lie: SensorFault[] = [
      { atS: 20, durationS: 0.01, signal: 'leadDistM', value: 4 },
      { atS: 20, durationS: 0.01, signal: 'leadRelSpeedMps', value: -20 },
    ];
    const r = runScenario({ ...follow, sensors: { ...follow.sensors, faults: lie } }, { firmware: '1.1.0' });
    expect(r.collision).toBe(false);
    expect(r.maxDecelMps2).toBeLessThan(2.5); // the ACC easing off, no brake: 1.0.0 also 1.8 m/s²
  });

  // The same lie while a warning is already on for a real hazard (Euro NCAP CCRb: the car 12 m
  // ahead braking at 2 m/s², 0.1 s into the warning). Counting from the warning's start, 1.1.0
  // stepped its demand from 3.7 to 9 m/s² in the lie's cycle; emergency braking's own first cycle
  // now ramps, so the lie is gone before the demand can step.
  it('a one-frame lie while a warning is already on does not step the brakes either', () => {
    const ccrb = shipped('euro-ncap-aeb-ccrb.json').find((v) => v.name.includes('0.xM=12,0.accelMps2=-2'))!;
    const fcwAtS = runScenario(ccrb, { firmware: '1.1.0' }).events.find((e) => e.type === 'fcw')!.tS;
    const atS = +(fcwAtS + 0.1).toFixed(2);
    const lie: SensorFault[] = [
      { atS, durationS: 0.01, signal: 'leadDistM', value: 4 },
      { atS, durationS: 0.01, signal: 'leadRelSpeedMps', value: -20 },
    ];
    const r = runScenario({ ...ccrb, sensors: { ...ccrb.sensors, faults: [...(ccrb.sensors?.faults ?? []), ...lie] } }, { firmware: '1.1.0', trace: true });
    expect(r.collision).toBe(false);
    const rows = r.trace!.rows;
    const i = rows.findIndex((row) => row[0] >= atS - 1e-9);
    expect(rows[i - 1][col('fcw')]).toBe(1); // the warning was on before the lie
    expect(rows[i - 1][col('accelCmdMps2')] - rows[i][col('accelCmdMps2')]).toBeLessThanOrEqual(HAZARD_JERK_MPS3 * CYCLE_S + 1e-9);
    // What the lie may leave: emergency braking latched at its threshold for the real, closing car.
    expect(Math.min(...rows.slice(i, i + 50).map((row) => row[col('accelCmdMps2')]))).toBeGreaterThanOrEqual(-R152_EMERGENCY_MPS2 - 1e-9);
  });

  it('1.0.0, whose demand rises at 50 m/s³ after its staged warning, hits the same car', () => {
    const r = runScenario(reveal, { firmware: '1.0.0', trace: true });
    expect(r.collision).toBe(true);
    const [onset, next] = fromAebOnset(r);
    expect(onset[col('accelCmdMps2')] - next[col('accelCmdMps2')]).toBeLessThanOrEqual(HAZARD_JERK_MPS3 * CYCLE_S + 1e-9);
  });

  it('braking below the emergency stage keeps its ramp (the warning-stage braking of the GB cut-out at TTC 3 s)', () => {
    let rampedCycles = 0;
    for (const s of shipped('gb-cut-out.json')) {
      const rows = runScenario(s, { firmware: '1.1.0', trace: true }).trace!.rows;
      for (let i = 1; i < rows.length; i++) {
        const warningOnly = rows[i][col('fcw')] === 1 && rows[i][col('aeb')] === 0;
        if (!warningOnly) continue;
        expect(rows[i - 1][col('accelCmdMps2')] - rows[i][col('accelCmdMps2')], `${s.name} at ${rows[i][0]} s`).toBeLessThanOrEqual(HAZARD_JERK_MPS3 * CYCLE_S + 1e-9);
        rampedCycles++;
      }
    }
    expect(rampedCycles).toBeGreaterThan(10);
  });

  // A fault in a signal the braking does not use, just before the truck leaves the lane (42.88 s).
  const faults: SensorFault[] = [
    { atS: 42.8, signal: 'curvatureAheadPerM', value: 'NaN' },
    { atS: 42.8, signal: 'oddEndDistM', value: 'NaN' },
    { atS: 42.8, signal: 'speedLimitMps', value: 250 },
    { atS: 42.8, signal: 'handsOn', value: 'NaN' },
  ];
  it.each(faults.map((f) => [f.signal, f]))('with %s faulty as the car is revealed, 1.1.0 still stops', (_n, f) => {
    const r = runScenario({ ...reveal, sensors: { ...reveal.sensors, faults: [f] } }, { firmware: '1.1.0', trace: true });
    expect(r.collision).toBe(false);
    expect(r.trace!.rows.every((row) => Number.isFinite(row[col('accelCmdMps2')]))).toBe(true);
  });
});
