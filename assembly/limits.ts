// Speed-dependent ACC limits (ISO 15622), read from the calibration's breakpoint tables.
import {
  BASE_CAL, CAL_ACCEL_MAX_MPS2, CAL_ACC_DECEL_MAX_MPS2, CAL_JERK_MAX_MPS3, CAL_LIMIT_BP_MPS,
  CAL_LIMIT_BP_MPS_LEN, CAL_STATIONARY_BP_MPS, CAL_STATIONARY_BP_MPS_LEN, CAL_STATIONARY_TRUST_RANGE_M,
} from "./calibration-tables";
import { cal } from "./memory";
import { interp } from "./table";

export function accelMaxMps2(speedMps: f64): f64 {
  return interp(speedMps, BASE_CAL + CAL_LIMIT_BP_MPS, BASE_CAL + CAL_ACCEL_MAX_MPS2, CAL_LIMIT_BP_MPS_LEN);
}
export function accDecelMaxMps2(speedMps: f64): f64 {
  return interp(speedMps, BASE_CAL + CAL_LIMIT_BP_MPS, BASE_CAL + CAL_ACC_DECEL_MAX_MPS2, CAL_LIMIT_BP_MPS_LEN);
}
export function jerkMaxMps3(speedMps: f64): f64 {
  return interp(speedMps, BASE_CAL + CAL_LIMIT_BP_MPS, BASE_CAL + CAL_JERK_MAX_MPS3, CAL_LIMIT_BP_MPS_LEN);
}
export function stationaryTrustRangeM(speedMps: f64): f64 {
  return interp(speedMps, BASE_CAL + CAL_STATIONARY_BP_MPS, BASE_CAL + CAL_STATIONARY_TRUST_RANGE_M, CAL_STATIONARY_BP_MPS_LEN);
}
/** Hazard braking allowed before the warning has run fcwLeadS (UN R152): partial, below the emergency threshold. */
@inline export function partialBrakeCeilingMps2(): f64 {
  return Math.min(cal.partialBrakeMaxMps2, cal.aebThresholdMps2);
}
