// Dynamic vehicle speed (the 1.1.0 remedy): never drive faster than the car can stop within
// the range at which the perception currently detects stationary obstacles (its live
// self-assessment, which falls in rain or fog and before crests), shortened further by the
// line of sight into a mapped curve; slow down ahead of an announced construction zone and
// stop short of one that closes the ego lane. A moving lead is handled by the following law.
import {
  FEATURE_DYNAMIC_SPEED, FEATURE_ZONE_AWARENESS, GROUP_MAP, GROUP_PERCEPTION_RANGE, KIND_BARRIER, KIND_CONE,
} from "./generated/abi";
import { partialBrakeCeilingMps2 } from "./limits";
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
  if ((features & FEATURE_ZONE_AWARENESS) != 0 && mapValid() && inp.zoneValid != 0 && inp.zoneEgoLaneClosed != 0) {
    wk.closureAhead = true;
    wk.closureDistM = inp.zoneDistM;
  }
  if (wk.leadActed && (wk.leadKind == KIND_CONE || wk.leadKind == KIND_BARRIER)) {
    wk.closureAhead = true;
    wk.closureDistM = Math.min(wk.closureDistM, wk.leadDistM);
  }
}

@inline function mapValid(): bool {
  return (wk.invalidGroups & GROUP_MAP) == 0;
}

@inline function perceptionRangeValid(): bool {
  return (wk.invalidGroups & GROUP_PERCEPTION_RANGE) == 0;
}

/** Line of sight into a mapped curve: the chord to its inside edge (lateral clearance c) ≈ √(8·c/κ) past its start. */
function curveSightM(): f64 {
  const kappa = inp.curvatureAheadPerM;
  if (!mapValid() || !(kappa > 1e-5)) return Infinity;
  const curveStartM = inp.curveDistM > 0 ? inp.curveDistM : 0;
  return curveStartM + Math.sqrt(8 * cal.sightClearanceM / kappa);
}

/** How far ahead a stationary obstacle (a car) would be detected now: the perception's own figure, cut by curve geometry. */
export function stationarySightM(curveM: f64): f64 {
  const rangeM = perceptionRangeValid() ? inp.stationaryDetectRangeM : cal.stationaryFallbackRangeM;
  return Math.min(rangeM, curveM);
}

/** The same for the smallest obstacle class (a cone): reported, or a share of the car's range. (A
 * cone range reported beyond the car's cannot raise the cap: the car's comfort stop binds first.) */
export function smallObstacleSightM(carSightM: f64, curveM: f64): f64 {
  const reportedM = inp.smallObstacleDetectRangeM;
  const rangeM = perceptionRangeValid() && reportedM > 0 ? reportedM : carSightM * cal.smallObstacleRangeRatio;
  return Math.min(rangeM, curveM);
}

/** Highest speed whose staged stop (the inverse of stationary-confirmation's stopDistanceM with the
 * whole warning lead: latency, fcwLeadS at partial braking, then `decelMps2`) fits in `distM`: the
 * root of the quadratic in v. */
export function speedForStagedStopMps(distM: f64, decelMps2: f64): f64 {
  const partialMps2 = partialBrakeCeilingMps2();
  const leadS = cal.fcwLeadS;
  const a = 1 / (2 * decelMps2);
  const b = cal.systemLatencyS + leadS - partialMps2 * leadS / decelMps2;
  const c = partialMps2 * partialMps2 * leadS * leadS / (2 * decelMps2) - 0.5 * partialMps2 * leadS * leadS + cal.collisionMarginM - distM;
  const disc = b * b - 4 * a * c;
  return disc > 0 ? Math.max((-b + Math.sqrt(disc)) / (2 * a), 0) : 0;
}

export function dynamicSpeedCapMps(features: i32): f64 {
  let capMps = NO_CAP_MPS;
  if ((features & FEATURE_DYNAMIC_SPEED) != 0) {
    const curveM = curveSightM(); // once a cycle: both sights are cut by it
    const carSightM = stationarySightM(curveM);
    const usableM = carSightM - cal.standstillGapM - cal.collisionMarginM;
    capMps = Math.min(capMps, speedToStopWithinMps(usableM, cal.dynSpeedPlanDecelMps2, cal.dynSpeedReactionS));
    // A cone is seen much closer than a car: still stop for one found at the edge of its range,
    // warned first and then at the emergency ceiling (no comfort stop at that range).
    capMps = Math.min(capMps, speedForStagedStopMps(smallObstacleSightM(carSightM, curveM), cal.aebMaxDecelMps2));
  }
  if ((features & FEATURE_ZONE_AWARENESS) != 0 && mapValid() && inp.zoneValid != 0) {
    if (inp.zoneEgoLaneClosed != 0) {
      capMps = Math.min(capMps, speedToReachWithinMps(0, inp.zoneDistM - cal.zoneStopMarginM, cal.zoneDecelMps2));
    } else {
      capMps = Math.min(capMps, speedToReachWithinMps(cal.zoneSpeedMps, inp.zoneDistM, cal.zoneDecelMps2));
    }
  }
  return capMps;
}
