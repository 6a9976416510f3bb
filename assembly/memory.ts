// Fixed memory map. Everything lives in static segments: no allocator, nothing to grow.
import {
  Calibration, CALIBRATION_OFFSET, Inputs, INPUTS_OFFSET, LAYOUT_BYTES, Outputs, OUTPUTS_OFFSET,
  State, STATE_OFFSET,
} from "./generated/abi";

/** The ABI region the host maps: inputs, outputs, calibration, state (+ recorder). */
export const BASE: usize = memory.data(LAYOUT_BYTES, 16);
/** The release's default calibration, used to repair non-finite writes. */
export const DEFAULTS: usize = memory.data(offsetof<Calibration>(), 16);
/** Per-cycle scratch values (sanitised inputs, threat figures); recomputed every cycle, never state. */
export const WORK: usize = memory.data(offsetof<Work>(), 16);
/** Calibration timers converted to cycles once per calibration change. */
export const TIMING: usize = memory.data(offsetof<Timing>(), 16);

export const inp = changetype<Inputs>(BASE + INPUTS_OFFSET);
export const out = changetype<Outputs>(BASE + OUTPUTS_OFFSET);
export const cal = changetype<Calibration>(BASE + CALIBRATION_OFFSET);
export const st = changetype<State>(BASE + STATE_OFFSET);
export const defaults = changetype<Calibration>(DEFAULTS);
export const wk = changetype<Work>(WORK);
export const tm = changetype<Timing>(TIMING);

@unmanaged export class Work {
  egoSpeedMps: f64;
  /** Signal groups invalid this cycle (bit = SIGNAL_GROUPS index); object / ego speed only once lost. */
  invalidGroups: i32;
  /** FCW/AEB have a valid (or coasting) object channel and ego speed. */
  aebAvailable: bool;
  handsOn: bool;
  eyesOnRoad: bool;
  leadActed: bool;
  /** An object is in the path (leadKind may still be KIND_NONE: reported but not classified). */
  leadPresent: bool;
  leadStationary: bool;
  /** A far stationary return not yet confirmed (feature stationaryConfirmation): eased off for, not braked for. */
  leadCandidate: bool;
  /** A stationary return in the path is reached within the FCW horizon (feature stationaryConfirmation): no throttle toward it. */
  throttleHeld: bool;
  leadDistM: f64;
  leadSpeedMps: f64;
  leadRelSpeedMps: f64;
  leadAccelMps2: f64;
  leadKind: i32;
  ttcS: f64;
  requiredDecelMps2: f64;
  hazardBrakeMps2: f64;
  /** Emergency braking started this cycle (it was off the cycle before). */
  aebOnset: bool;
  closureAhead: bool;
  closureDistM: f64;
  mrmRequested: i32;
  driverBraking: bool;
  driverOverride: bool;
}

@unmanaged export class Timing {
  staleFrameCycles: f64;
  faultClearCycles: f64;
  fcwLeadCycles: f64;
  torTimeoutCycles: f64;
  horHandsOffCycles: f64;
  horHandsOffEyesOnCycles: f64;
  horEscalateCycles: f64;
  horMrmCycles: f64;
  eyesOffRequestCycles: f64;
  eyesOffEscalateCycles: f64;
  eyesOffTakeControlCycles: f64;
  eyesOffMrmCycles: f64;
  gazeRegainCycles: f64;
  lockoutCycles: f64;
  lockoutWindowCycles: f64;
  edrPostCycles: f64;
  hazardHoldCycles: f64;
  objectCoastCycles: f64;
  aebHoldCycles: f64;
}
