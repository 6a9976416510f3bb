// Addresses of the calibration tables (the generated offsets plus the block's base).
import { CALIBRATION_OFFSET } from "./generated/abi";
import { BASE } from "./memory";
export {
  CAL_ACCEL_MAX_MPS2, CAL_ACC_DECEL_MAX_MPS2, CAL_JERK_MAX_MPS3, CAL_LIMIT_BP_MPS, CAL_LIMIT_BP_MPS_LEN,
  CAL_STATIONARY_BP_MPS, CAL_STATIONARY_BP_MPS_LEN, CAL_STATIONARY_TRUST_RANGE_M,
} from "./generated/abi";
export const BASE_CAL: usize = BASE + CALIBRATION_OFFSET;
