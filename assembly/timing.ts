// Timeouts are calibrated in seconds and converted to cycles here, once per calibration change.
import { CYCLE_S, EDR_DECIMATION, EDR_POST_TRIGGER_S } from "./generated/abi";
import { cal, tm } from "./memory";

/** Whole cycles covering `seconds`, rounded down so a deadline is never exceeded. */
@inline export function cyclesOf(seconds: f64): f64 {
  return Math.floor(seconds / CYCLE_S + 1e-9);
}

export function convertTimings(): void {
  tm.staleFrameCycles = cyclesOf(cal.staleFrameS);
  tm.faultClearCycles = cyclesOf(cal.faultClearS);
  tm.fcwLeadCycles = Math.ceil(cal.fcwLeadS / CYCLE_S - 1e-9); // a minimum: round up
  tm.torTimeoutCycles = cyclesOf(cal.torTimeoutS);
  tm.horHandsOffCycles = cyclesOf(cal.horHandsOffS);
  tm.horHandsOffEyesOnCycles = cyclesOf(cal.horHandsOffEyesOnS);
  tm.horEscalateCycles = cyclesOf(cal.horEscalateS);
  tm.horMrmCycles = cyclesOf(cal.horMrmS);
  tm.eyesOffRequestCycles = cyclesOf(cal.eyesOffRequestS);
  tm.eyesOffEscalateCycles = cyclesOf(cal.eyesOffEscalateS);
  tm.eyesOffTakeControlCycles = cyclesOf(cal.eyesOffTakeControlS);
  tm.eyesOffMrmCycles = cyclesOf(cal.eyesOffMrmS);
  tm.gazeRegainCycles = Math.ceil(cal.gazeRegainS / CYCLE_S - 1e-9); // a minimum: round up
  tm.lockoutCycles = Math.ceil(cal.lockoutS / CYCLE_S);
  tm.lockoutWindowCycles = cyclesOf(cal.lockoutWindowS);
  tm.edrPostCycles = Math.ceil(EDR_POST_TRIGGER_S / CYCLE_S / <f64>EDR_DECIMATION);
  tm.hazardHoldCycles = cyclesOf(0.5); // keeps the warning from flickering at the threshold
  tm.objectCoastCycles = cyclesOf(cal.objectCoastS);
  tm.aebHoldCycles = Math.ceil(cal.aebHoldS / CYCLE_S - 1e-9); // a minimum: round up
}
