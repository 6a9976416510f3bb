// Dynamic vehicle speed (the 1.1.0 remedy): never drive faster than the car can stop within
// the range at which stationary obstacles are reliably recognised; slow down ahead of an
// announced construction zone and stop short of one that closes the ego lane.
import { FEATURE_DYNAMIC_SPEED, FEATURE_ZONE_AWARENESS, KIND_BARRIER, KIND_CONE } from "./generated/abi";
import { cal, inp, wk } from "./memory";

const NO_CAP_MPS: f64 = 70;

/** Highest speed whose reaction distance plus braking distance fits in `distM`. */
@inline export function speedToStopWithinMps(distM: f64, decelMps2: f64, reactionS: f64): f64 {
  if (distM <= 0) return 0;
  // v·t + v²/(2a) = d  →  v = a·(√(t² + 2d/a) − t)
  return decelMps2 * (Math.sqrt(reactionS * reactionS + 2 * distM / decelMps2) - reactionS);
}

/** Speed from which `decelMps2` reaches `targetMps` within `distM`. */
@inline export function speedToReachWithinMps(targetMps: f64, distM: f64, decelMps2: f64): f64 {
  return Math.sqrt(targetMps * targetMps + 2 * decelMps2 * Math.max(distM, 0));
}

/** Locates a lane closure ahead: announced by the map, or seen as cones / a barrier in path. */
export function findClosure(features: i32): void {
  wk.closureAhead = false;
  wk.closureDistM = 5000;
  if ((features & FEATURE_ZONE_AWARENESS) != 0 && wk.inputsTrusted && inp.zoneValid != 0 && inp.zoneEgoLaneClosed != 0) {
    wk.closureAhead = true;
    wk.closureDistM = inp.zoneDistM;
  }
  if (wk.leadActed && (wk.leadKind == KIND_CONE || wk.leadKind == KIND_BARRIER)) {
    wk.closureAhead = true;
    wk.closureDistM = Math.min(wk.closureDistM, wk.leadDistM);
  }
}

export function dynamicSpeedCapMps(features: i32): f64 {
  let capMps = NO_CAP_MPS;
  if ((features & FEATURE_DYNAMIC_SPEED) != 0) {
    const sightM = cal.stationaryRecognitionRangeM - cal.standstillGapM - cal.collisionMarginM;
    capMps = Math.min(capMps, speedToStopWithinMps(sightM, cal.dynSpeedPlanDecelMps2, cal.dynSpeedReactionS));
  }
  if ((features & FEATURE_ZONE_AWARENESS) != 0 && wk.inputsTrusted && inp.zoneValid != 0) {
    if (inp.zoneEgoLaneClosed != 0) {
      capMps = Math.min(capMps, speedToReachWithinMps(0, inp.zoneDistM - cal.zoneStopMarginM, cal.zoneDecelMps2));
    } else {
      capMps = Math.min(capMps, speedToReachWithinMps(cal.zoneSpeedMps, inp.zoneDistM, cal.zoneDecelMps2));
    }
  }
  return capMps;
}
