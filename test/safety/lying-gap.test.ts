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
import { OUT, ST } from '../../host/ecu/abi-views.js';
import { runScenario } from '../../host/sim/run.js';
import type { Scenario, SensorFault } from '../../host/sim/scenario.js';
import { firstEvent, shipped } from '../helpers.js';

const INCONSISTENT = 1 << FAULTS.indexOf('inconsistentObject');
const stoppedCar = shipped('openpilot-stopped-car.json'); // 90 km/h at 120 m, 72 km/h at 90 m

/** The run, the last time the fault was raised [s] (-1 never) and the cycles whose object track
 * held a non-finite value (a NaN gap makes AEB act on nothing, silently). */
function run(s: Scenario, firmware: string, faults: SensorFault[]) {
  let lastInconsistentS = -1, cycle = 0, nonFiniteTrackCycles = 0;
  const r = runScenario({ ...s, sensors: { ...s.sensors, faults: [...(s.sensors?.faults ?? []), ...faults] } }, {
    firmware, onCycle: (sim) => {
      if (sim.outputs[OUT.faultCode] & INCONSISTENT) lastInconsistentS = cycle * 0.01;
      const ecu = (sim.controller as { ecu: { stateBytes: Uint8Array } }).ecu;
      const state = new Float64Array(ecu.stateBytes.buffer, ecu.stateBytes.byteOffset, ecu.stateBytes.length >> 3);
      for (const slot of [ST.trackDistM, ST.trackSpeedMps, ST.reckonedGapM, ST.priorObjectGapM]) if (!Number.isFinite(state[slot])) { nonFiniteTrackCycles++; break; }
      cycle++;
    },
  });
  return { r, lastInconsistentS, nonFiniteTrackCycles };
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

  it.each(['1.1.0', '1.0.0'])('%s, gap stuck at 150 m from 1 s behind a lead that then brakes to a stop at 1, 2 and 3 m/s²: no contact (the lead before the jump is carried forward)', (firmware) => {
    for (const s of shipped('openpilot-lead-braking.json')) {
      const { r, nonFiniteTrackCycles } = run(s, firmware, [{ atS: 1, durationS: 60, signal: 'leadDistM', value: 150 }]);
      expect(r.collision, s.name).toBe(false);
      expect(nonFiniteTrackCycles, s.name).toBe(0);
    }
  });

  it.each(['1.1.0', '1.0.0'])('%s, Euro NCAP CCRb (pilot engaged, and AEB alone), gap stuck at 150 m from 0.5 s, before the lead brakes: no contact', (firmware) => {
    // The stuck gap agrees with a closing speed near 0 until the lead brakes at 1 s: the lead before
    // the jump must still be carried then (a frozen window does not clear it), or the car hits at
    // 12–50 km/h.
    for (const s of [...shipped('euro-ncap-ccrb.json'), ...shipped('euro-ncap-aeb-ccrb.json')]) {
      expect(run(s, firmware, [{ atS: 0.5, durationS: 60, signal: 'leadDistM', value: 150 }]).r.collision, s.name).toBe(false);
    }
  });

  it('1.1.0, AEB alone (Euro NCAP CCRs 10–50 km/h), gap frozen at 1 s: no contact (a frozen gap contradicts a closing speed above 1 m/s)', () => {
    for (const s of shipped('euro-ncap-aeb-ccrs.json')) expect(run(s, '1.1.0', [{ atS: 1, durationS: 60, signal: 'leadDistM', value: 'frozen' }]).r.collision, s.name).toBe(false);
  });

  it.each(['1.1.0', '1.0.0'])('%s, relative speed frozen at its value at 1 s toward the stopped car: no contact, and the track never holds a NaN', (firmware) => {
    // Found by a fault matrix: a window that agreed while the reckoned gap did not made the closing
    // speed min(reported, NaN), and the track NaN: TTC 99 and no AEB, contact at 58 km/h.
    for (const s of stoppedCar) {
      const { r, nonFiniteTrackCycles } = run(s, firmware, [{ atS: 1, durationS: 60, signal: 'leadRelSpeedMps', value: 'frozen' }]);
      expect(r.collision, s.name).toBe(false);
      expect(nonFiniteTrackCycles, s.name).toBe(0);
    }
  });

  it('a gap frozen while standing behind the car is no contradiction (a quantised gap at standstill does not change)', () => {
    for (const s of stoppedCar) expect(run(s, '1.1.0', [{ atS: 12, durationS: 60, signal: 'leadDistM', value: 'frozen' }]).lastInconsistentS, s.name).toBe(-1);
  });

  it.each(['1.1.0', '1.0.0'])('%s, the same two lies with 2 percent of the frames reporting no object: no contact (a dropout does not wipe the verdict)', (firmware) => {
    // Before, a frame without an object reset the verdict and the lie was believed again: contact at
    // 39–67 km/h (frozen) and 52–77 km/h (stuck at 100 m).
    for (const [lie, fault] of LIES) {
      for (const s of stoppedCar) {
        const { r } = run({ ...s, sensors: { ...s.sensors, dropoutRate: 0.02 } }, firmware, [fault]);
        expect(r.collision, `${s.name}, gap ${lie}`).toBe(false);
      }
    }
  });

  it('a lie that ends: the verdict lifts once the reported gap is back where the closing speed puts it', () => {
    for (const s of stoppedCar) {
      const { r, lastInconsistentS } = run(s, '1.1.0', [{ atS: 1, durationS: 1.5, signal: 'leadDistM', value: 'frozen' }]);
      expect(r.collision, s.name).toBe(false);
      expect(lastInconsistentS, s.name).toBeGreaterThan(2.5);
      // Healed at 2.5 s: one full window of honest reports (0.5 s) and the reckoned gap within the 2 m
      // gate, so within a second, not held for the rest of the run.
      expect(lastInconsistentS, s.name).toBeLessThan(3.5);
    }
  });
});
