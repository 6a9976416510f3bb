// Confirmation of far stationary returns (1.1.0, feature stationaryConfirmation; issue 7: the
// phantom-brake trade-off). A stationary return never seen moving is a candidate until a stop
// before it needs confirmStopDecelMps2: the pilot eases off (≤ precautionDecelMps2, below the
// 2 m/s² phantom-brake threshold) but does not brake for it. A car seen moving before it stopped,
// or any return still there at the firm-stop distance, is acted on in full.
import { describe, expect, it } from 'vitest';
import { IN, OUT } from '../../host/ecu/abi-views.js';
import { OBJECT_KINDS } from '../../abi/signals.js';
import { PHANTOM_DECEL_MPS2 } from '../../host/sim/phantom-brakes.js';
import { engagedEcu } from '../helpers.js';

const V_MPS = 120 / 3.6;

/** Feeds an in-path object at `distM` with over-ground speed `objMps` for `cycles` cycles, the ego
 * integrating its own commanded acceleration; returns the strongest braking demand seen. */
function approach(version: string, startDistM: number, objMpsAt: (tS: number) => number, cycles: number, kind = 1) {
  const { ecu, cycle } = engagedEcu(version, V_MPS);
  const i = ecu.inputs, o = ecu.outputs;
  let egoMps = V_MPS, gapM = startDistM, hardestMps2 = 0, aeb = false, objMps = objMpsAt(0);
  for (let k = 0; k < cycles && gapM > 0; k++) {
    objMps = objMpsAt(k * 0.01);
    i[IN.egoSpeedMps] = egoMps;
    i[IN.leadValid] = 1;
    i[IN.leadDistM] = gapM;
    i[IN.leadRelSpeedMps] = objMps - egoMps;
    i[IN.leadAccelMps2] = (objMpsAt((k + 1) * 0.01) - objMps) / 0.01; // a tracker's estimate, here exact
    i[IN.leadKind] = kind; // 1 car, 0 none (in the path, not classified)
    cycle();
    const cmd = o[OUT.accelCmdMps2];
    hardestMps2 = Math.max(hardestMps2, -cmd);
    aeb ||= o[OUT.aebActive] === 1;
    egoMps = Math.max(egoMps + cmd * 0.01, 0);
    gapM -= (egoMps - objMps) * 0.01;
  }
  return { hardestMps2, aeb, egoMps, gapM };
}

describe('stationary-object confirmation', () => {
  it('a far stationary return that resolves at 90 m (a gantry) costs only easing off on 1.1.0', () => {
    // 150 m → 90 m at ~33 m/s: about 2 s; the return then vanishes.
    const r = approach('1.1.0', 150, () => 0, 180);
    expect(r.gapM).toBeGreaterThan(88);
    expect(r.aeb).toBe(false);
    expect(r.hardestMps2).toBeLessThanOrEqual(PHANTOM_DECEL_MPS2);
    expect(r.hardestMps2).toBeGreaterThan(0.5); // it does slow on suspicion
  });

  it('a real stopped car first seen at 150 m at 120 km/h is confirmed in time and stopped for without contact', () => {
    const r = approach('1.1.0', 150, () => 0, 3000);
    expect(r.gapM).toBeGreaterThan(0);
    expect(r.egoMps).toBeLessThan(0.2);
    expect(r.aeb).toBe(true);
  });

  it('an object in the path the camera has not classified (kind none) is stopped for by 1.1.0; 1.0.0 ignores it', () => {
    // A misclassified cone or piece of debris 150 m ahead at 120 km/h.
    const remedy = approach('1.1.0', 150, () => 0, 3000, 0);
    expect(remedy.gapM).toBeGreaterThan(0);
    expect(remedy.egoMps).toBeLessThan(0.2);
    const recallEra = approach('1.0.0', 150, () => 0, 3000, 0);
    expect(recallEra.gapM).toBeLessThanOrEqual(0);
    expect(recallEra.hardestMps2).toBe(0);
  });

  it('a lead seen moving that brakes to a stop is acted on at once, not eased off for', () => {
    // A lead 60 m ahead at 100 km/h brakes at 8 m/s² to a standstill: never a candidate.
    const lead = (tS: number) => Math.max(100 / 3.6 - 8 * Math.max(tS - 0.5, 0), 0);
    const r = approach('1.1.0', 60, lead, 3000);
    expect(r.gapM).toBeGreaterThan(0);
    expect(r.hardestMps2).toBeGreaterThan(5); // emergency braking, not the precaution cap
  });

  it('dynamic speed: at its cap a cone found at the edge of its reported range is stopped for', () => {
    const CONE = OBJECT_KINDS.indexOf('cone');
    const capAt = (carM: number, coneM: number) => {
      const { ecu, cycle } = engagedEcu('1.1.0', 30);
      ecu.inputs[IN.stationaryDetectRangeM] = carM;
      ecu.inputs[IN.smallObstacleDetectRangeM] = coneM;
      cycle(2);
      return ecu.outputs[OUT.dynamicSpeedCapMps];
    };
    expect(capAt(200, 80)).toBeLessThan(capAt(200, 200));
    for (const [carM, coneM] of [[200, 80], [80, 32]]) {
      const capMps = capAt(carM, coneM);
      const { ecu, cycle } = engagedEcu('1.1.0', capMps);
      const i = ecu.inputs, o = ecu.outputs;
      i[IN.stationaryDetectRangeM] = carM;
      i[IN.smallObstacleDetectRangeM] = coneM;
      i[IN.setSpeedMps] = capMps;
      let egoMps = capMps, gapM = coneM;
      for (let k = 0; k < 3000 && gapM > 0 && egoMps > 0; k++) {
        i[IN.egoSpeedMps] = egoMps;
        i[IN.leadValid] = 1;
        i[IN.leadDistM] = gapM;
        i[IN.leadRelSpeedMps] = -egoMps;
        i[IN.leadAccelMps2] = 0;
        i[IN.leadKind] = CONE;
        cycle();
        egoMps = Math.max(egoMps + o[OUT.accelCmdMps2] * 0.01, 0);
        gapM -= egoMps * 0.01;
      }
      expect(gapM, `cone first seen at ${coneM} m from ${(capMps * 3.6).toFixed(1)} km/h`).toBeGreaterThan(0);
      expect(egoMps).toBe(0);
    }
  });
});

