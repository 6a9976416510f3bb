// Road-works objects the camera names are acted on at once (1.1.0, roadworksTrusted). The
// confirmation of far stationary returns exists for radar false returns (gantries, bridges, signs,
// manhole covers); a barrier the camera names is not one, and waiting for the firm-stop distance of
// a lane-closing barrier leaves no room for the taper of cones in front of it, which the camera
// names only about 27 m out (docs/perception.md). Found by `hpa validate --km 250000 --seed 2029`.
import { describe, expect, it } from 'vitest';
import { runScenario, type RunResult } from '../../host/sim/run.js';
import type { SensorFault } from '../../host/sim/scenario.js';
import { shipped } from '../helpers.js';

const first = (r: RunResult, type: string) => r.events.find((e) => e.type === type)?.tS;
const [taper] = shipped('construction-taper-unannounced-120kph.json');
const COLLISION_MARGIN_M = 2; // the firmware's calibrated margin to a hazard

describe('an unannounced lane closure whose cones are named late', () => {
  it('1.1.0 brakes for the named barrier from 120 m and stops short of the first cone, the warning 0.8 s before emergency braking', () => {
    const r = runScenario(taper, { firmware: '1.1.0' });
    expect(r.collision).toBe(false);
    expect(r.minGapM!).toBeGreaterThan(COLLISION_MARGIN_M);
    expect(first(r, 'aeb')! - first(r, 'fcw')!).toBeGreaterThanOrEqual(0.8 - 1e-9); // UN R152 warning lead
  });

  it('1.0.0 hits the cones', () => {
    expect(runScenario(taper, { firmware: '1.0.0' }).collision).toBe(true);
  });

  // A fault in a signal the braking does not use, just before the barrier is seen (34.4 s).
  const faults: SensorFault[] = [
    { atS: 34.3, signal: 'curvatureAheadPerM', value: 'NaN' },
    { atS: 34.3, signal: 'oddEndDistM', value: 'NaN' },
    { atS: 34.3, signal: 'handsOn', value: 'NaN' },
  ];
  it.each(faults.map((f) => [f.signal, f]))('with %s faulty as the barrier appears, 1.1.0 still stops short', (_n, f) => {
    const r = runScenario({ ...taper, sensors: { ...taper.sensors, faults: [f] } }, { firmware: '1.1.0' });
    expect(r.collision).toBe(false);
  });
});
