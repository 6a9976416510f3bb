// Speed control: cruise to the lowest of set speed, speed limit, curve speed and the dynamic
// cap; follow the in-path object at the selected time gap (T·v + standstill gap); keep the
// result inside the ISO 15622 acceleration, deceleration and jerk tables.
import { CYCLE_S } from "./generated/abi";
import { accDecelMaxMps2, accelMaxMps2, jerkMaxMps3 } from "./limits";
import { cal, inp, wk } from "./memory";
import { approach, clamp } from "./table";

const NO_LIMIT_MPS: f64 = 70;
const HOLD_MPS2: f64 = -1.0; // keeps the car parked behind a stopped object

/** Steady following distance (openpilot: T·v + stop distance). */
@inline export function desiredGapM(speedMps: f64, timeGapS: f64, standstillGapM: f64): f64 {
  return timeGapS * speedMps + standstillGapM;
}

/** Curve speed from the lateral acceleration limit, planned back to the current position. */
export function curveSpeedMps(): f64 {
  const kappa = inp.curvatureAheadPerM;
  if (!(kappa > 1e-5)) return NO_LIMIT_MPS;
  const curveMps = Math.sqrt(cal.lateralAccelMaxMps2 / kappa);
  const distM = inp.curveDistM > 0 ? inp.curveDistM : 0; // NaN-safe: Wasm's max propagates NaN
  return Math.sqrt(curveMps * curveMps + 2 * cal.curveDecelMps2 * distM);
}

export function targetSpeedMps(capMps: f64): f64 {
  let target = isFinite(inp.setSpeedMps) ? clamp(inp.setSpeedMps, 0, NO_LIMIT_MPS) : wk.egoSpeedMps;
  const limit = inp.speedLimitMps;
  if (limit > 0 && limit <= NO_LIMIT_MPS) target = Math.min(target, limit);
  target = Math.min(target, curveSpeedMps());
  return Math.min(target, capMps);
}

/** Following law: close a gap error along a comfortable braking profile, never faster. */
export function followAccelMps2(): f64 {
  const v = wk.egoSpeedMps;
  const timeGapS = isFinite(inp.timeGapSetS) ? Math.max(inp.timeGapSetS, cal.timeGapMinS) : cal.timeGapMinS;
  const gapErrorM = wk.leadDistM - desiredGapM(wk.leadStationary ? 0 : wk.leadSpeedMps, timeGapS, cal.standstillGapM);
  // Allowed closing speed: linear near the set point, a braking profile further out.
  const allowedClosingMps = gapErrorM >= 0
    ? Math.min(Math.sqrt(2 * cal.approachDecelMps2 * gapErrorM), gapErrorM / cal.gapConvergeS)
    : gapErrorM / cal.gapConvergeS;
  const relMps = wk.leadStationary ? -v : wk.leadRelSpeedMps;
  let accel = cal.relSpeedGainPerS * (relMps + allowedClosingMps);
  if (!wk.leadStationary && wk.leadAccelMps2 < 0) accel += 0.5 * wk.leadAccelMps2; // anticipate a braking lead
  if (v < 0.3 && wk.leadDistM < cal.standstillGapM + 1.0) accel = Math.min(accel, HOLD_MPS2);
  return accel;
}

/** ACC command: min of cruise (to `targetMps`) and following, then the ISO limits and the jerk limit. */
export function accCommandMps2(targetMps: f64, prevCmdMps2: f64): f64 {
  const v = wk.egoSpeedMps;
  let accel = cal.speedGainPerS * (targetMps - v);
  if (wk.leadActed) {
    const followMps2 = followAccelMps2();
    // An unconfirmed far stationary return: ease off, no harder than precautionDecelMps2.
    accel = Math.min(accel, wk.leadCandidate ? Math.max(followMps2, -cal.precautionDecelMps2) : followMps2);
  }
  if (wk.throttleHeld) accel = Math.min(accel, 0);
  accel = clamp(accel, -accDecelMaxMps2(v), accelMaxMps2(v));
  return approach(prevCmdMps2, accel, jerkMaxMps3(v) * CYCLE_S);
}
