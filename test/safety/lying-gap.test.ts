// A sensor that lies about the gap: frozen at its last value, or stuck at 100 m, while it reports
// the closing speed honestly. The gap-rate cross-check (assembly/gap-rate-check.ts) finds the
// contradiction, but three things let the car hit the stopped car at 44–53 km/h before:
// - a one-cycle lapse of the object channel (a relative-speed step beyond the physical limit is a
//   lapse) restarted the window and with it the verdict: the lying gap was trusted again for 0.5 s,
//   then reckoned from the lying value;
// - a gap that jumps to a stuck value passes the gate as a new object, so the window was reckoned
//   from the stuck value;
// - once the closing speed fell below the 5 m/s tolerance, a frozen gap agreed with it: the verdict
//   lifted at standstill, the 96 m gap came back and the pilot drove into the car at 17 km/h.
// Now the verdict carries over a short lapse, the object before a jump is carried forward while the
// new window fills (the nearer of the two is used if the new one is found inconsistent), and the
// verdict lifts only when the reported gap is back where the closing speed puts it.
import { describe, expect, it } from 'vitest';
import { FAULTS } from '../../abi/signals.js';
import { OUT } from '../../host/ecu/abi-views.js';
import { runScenario } from '../../host/sim/run.js';
import type { Scenario, SensorFault } from '../../host/sim/scenario.js';
import { firstEvent, shipped } from '../helpers.js';

const INCONSISTENT = 1 << FAULTS.indexOf('inconsistentObject');
const stoppedCar = shipped('openpilot-stopped-car.json'); // 90 km/h at 120 m, 72 km/h at 90 m

/** The run, and the last time the fault was raised [s] (-1 never). */
function run(s: Scenario, firmware: string, faults: SensorFault[]) {
  let lastInconsistentS = -1, cycle = 0;
  const r = runScenario({ ...s, sensors: { ...s.sensors, faults: [...(s.sensors?.faults ?? []), ...faults] } }, {
    firmware, onCycle: (sim) => { if (sim.outputs[OUT.faultCode] & INCONSISTENT) lastInconsistentS = cycle * 0.01; cycle++; },
  });
  return { r, lastInconsistentS };
}

const LIES: [string, SensorFault][] = [
  ['frozen at its value at 1 s', { atS: 1, durationS: 60, signal: 'leadDistM', value: 'frozen' }],
  ['stuck at 100 m from 1 s', { atS: 1, durationS: 60, signal: 'leadDistM', value: 100 }],
];

describe('a gap that lies while the closing speed tells the truth', () => {
  for (const [lie, fault] of LIES) {
    for (const firmware of ['1.1.0', '1.0.0']) {
      it(`${firmware}, gap ${lie}: no contact with the stopped car (both variants), inconsistentObject held, takeover requested`, () => {
        for (const s of stoppedCar) {
          const { r, lastInconsistentS } = run(s, firmware, [fault]);
          expect(r.collision, s.name).toBe(false);
          expect(r.minGapM!, s.name).toBeGreaterThan(1);
          // Standing in front of the car, the frozen gap agrees with a closing speed of 0: the
          // verdict must still hold to the end of the run (29.99 s).
          expect(lastInconsistentS, s.name).toBeGreaterThan(29.9);
          expect(firstEvent(r, 'takeoverRequest'), s.name).not.toBeNull();
        }
      });
    }
  }

  it('a lie that ends: the verdict lifts once the reported gap is back where the closing speed puts it', () => {
    for (const s of stoppedCar) {
      const { r, lastInconsistentS } = run(s, '1.1.0', [{ atS: 1, durationS: 1.5, signal: 'leadDistM', value: 'frozen' }]);
      expect(r.collision, s.name).toBe(false);
      expect(lastInconsistentS, s.name).toBeGreaterThan(2.5);
      expect(lastInconsistentS, s.name).toBeLessThan(5); // 0.5 s window + the agreement, not the whole run
    }
  });
});
