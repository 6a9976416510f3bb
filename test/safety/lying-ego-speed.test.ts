// An ego speed that lies inside its range: stuck at 0 from 1 s while the car drives at 90 km/h
// toward a stopped car. The step 25 → 0 m/s is rejected as a jump, but after 0.3 s of lapse any
// valid reading used to be reacquired: the firmware then believed it stood, raised no fault, kept
// the pilot "active", computed a TTC of 0.4 s and did nothing (contact at 75 km/h, silently).
// Now the speed is reckoned through the lapse with the measured acceleration, and a reading returns
// only when it agrees with the reckoned speed: the fault stays, FCW/AEB are reported unavailable
// (the declared reaction to a lost speed), the driver is asked to take over and the fault
// deceleration brakes. Honest lapses still end (a NaN speed for 2 s, with or without the
// acceleration).
import { describe, expect, it } from 'vitest';
import { FAULTS, MODES } from '../../abi/signals.js';
import { OUT } from '../../host/ecu/abi-views.js';
import { runScenario } from '../../host/sim/run.js';
import type { Scenario, SensorFault } from '../../host/sim/scenario.js';
import { firstEvent, shipped } from '../helpers.js';

const FAULT_JUMP = 1 << FAULTS.indexOf('implausibleJump');
const ACTIVE = MODES.indexOf('active');
const stoppedCar = shipped('openpilot-stopped-car.json');
const [following] = shipped('steady-following.json');

interface Seen { tS: number; fault: number; aebAvailable: number; mode: number }

function run(s: Scenario, firmware: string, faults: SensorFault[]) {
  const seen: Seen[] = [];
  let cycle = 0;
  const r = runScenario({ ...s, sensors: { ...s.sensors, faults } }, {
    firmware, onCycle: (sim) => {
      const o = sim.outputs;
      seen.push({ tS: cycle++ * 0.01, fault: o[OUT.faultCode], aebAvailable: o[OUT.aebAvailable], mode: o[OUT.mode] });
    },
  });
  return { r, seen };
}

describe('an ego speed stuck at 0 while driving', () => {
  for (const firmware of ['1.1.0', '1.0.0']) {
    it(`${firmware}: never reacquired — the fault held, FCW/AEB reported unavailable, the pilot never active again, takeover requested, braking`, () => {
      for (const s of stoppedCar) {
        const { r, seen } = run(s, firmware, [{ atS: 1, durationS: 60, signal: 'egoSpeedMps', value: 0 }]);
        const after = seen.filter((c) => c.tS >= 1.5);
        expect(after.length, s.name).toBeGreaterThan(100);
        for (const c of after) {
          expect(c.fault & FAULT_JUMP, `${s.name} at ${c.tS}`).not.toBe(0);
          expect(c.aebAvailable, `${s.name} at ${c.tS}`).toBe(0);
          expect(c.mode, `${s.name} at ${c.tS}`).not.toBe(ACTIVE);
        }
        expect(firstEvent(r, 'takeoverRequest'), s.name).not.toBeNull();
        expect(r.maxDecelMps2, s.name).toBeGreaterThanOrEqual(1.9); // the fault deceleration, not a coast
      }
    });
  }

  it.each([
    ['the speed NaN for 2 s', [{ atS: 20, durationS: 2, signal: 'egoSpeedMps', value: 'NaN' }]],
    ['the speed and the acceleration NaN for 2 s', [{ atS: 20, durationS: 2, signal: 'egoSpeedMps', value: 'NaN' }, { atS: 20, durationS: 2, signal: 'egoAccelMps2', value: 'NaN' }]],
  ] as [string, SensorFault[]][])('an honest lapse still ends: %s, then FCW/AEB available again within 0.1 s', (_name, faults) => {
    const { seen } = run(following, '1.1.0', faults);
    const during = seen.find((c) => c.tS >= 21)!;
    expect(during.aebAvailable).toBe(0);
    const back = seen.find((c) => c.tS >= 22.1)!;
    expect(back.aebAvailable).toBe(1);
    expect(back.fault & FAULT_JUMP).toBe(0);
  });
});
