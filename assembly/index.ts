// One control cycle, in the order the data flows:
//   plausibility → mode manager (+ driver monitoring) → hazard assessment → dynamic speed
//   → speed control → command arbitration → outputs → event data recorder.
// The release entries (generated/entry_*.ts) call runCycle with their compile-time features.
import {
  ABI_HASH, ABI_VERSION, Calibration, clampOutputs, CYCLE_S, EVENT_STANDSTILL, FEATURE_AEB_DIRECT_DEMAND, MODE_ACTIVE, MODE_MRM, MODE_OFF, MODE_OVERRIDE,
  MODE_TAKEOVER, sanitizeCalibration, STATE_BYTES, STATE_LAYOUT_VERSION, STATE_OFFSET,
} from "./generated/abi";
import { accCommandMps2, targetSpeedMps } from "./speed-control";
import { dynamicSpeedCapMps, findClosure } from "./dynamic-speed";
import { monitorDriver, resetMonitoring } from "./driver-monitoring";
import { actedEnhancedTtcS, assessThreat, handleHazard } from "./hazard";
import { confirmStationary, followObject } from "./stationary-confirmation";
import { resetGapWindow } from "./gap-rate-check";
import { BASE, cal, defaults, out, st, wk } from "./memory";
import { isEngaged, latchFaults, nextMode, TOR_FAULT } from "./mode-manager";
import { checkFrame } from "./plausibility";
import { clearRecorder, record } from "./recorder";
import { approach, clamp } from "./table";
import { convertTimings } from "./timing";

const CMD_MIN_MPS2: f64 = -10;
const CMD_MAX_MPS2: f64 = 4;
// Rise rate of hazard braking below the emergency stage. 1.0.0 ramps emergency braking too, which
// models the brake actuator a second time (the actuator has its own lag); with aebDirectDemand
// (1.1.0) emergency braking is demanded at once, but only
//   - from its own second cycle and the warning's third on: a one-frame lie (an object at 4 m
//     closing at 20 m/s for 10 ms), whether or not a warning is already on, is ramped for and gone
//     before it can step the brakes to 9 m/s²;
//   - while the object closes within the OTA envelope's horizon (enhanced TTC < 5 s,
//     host/ota/swap/envelope.ts): latched braking re-engaging behind a car it already matches
//     (Euro NCAP CCRm at 2 m) ramps, and the envelope can tell an emergency step from a phantom slam.
const HAZARD_JERK_MPS3: f64 = 50;
const DIRECT_DEMAND_AFTER_S: f64 = 0.02;
const DIRECT_DEMAND_HORIZON_S: f64 = 5;

export function layoutBase(): usize { return BASE; }
export function abiVersion(): i32 { return ABI_VERSION; }
export function abiHash(): u32 { return ABI_HASH; }
export function stateLayoutVersion(): i32 { return STATE_LAYOUT_VERSION; }
export function stateBytes(): i32 { return STATE_BYTES; }
export function defaultCalibration(): Calibration { return defaults; }

/** Re-reads the calibration block (after the host wrote it): repairs it and converts timers. */
export function applyCalibration(): i32 {
  const fixes = sanitizeCalibration(cal, defaults);
  convertTimings();
  return fixes;
}

export function edrClear(): void { clearRecorder(); }

/** Power-on: default calibration of this release, cleared state. */
export function resetAll(): void {
  memory.copy(changetype<usize>(cal), changetype<usize>(defaults), offsetof<Calibration>());
  memory.fill(BASE + STATE_OFFSET, 0, <usize>STATE_BYTES);
  applyCalibration();
  st.mode = MODE_OFF;
  st.lastCounter = -1;
  st.fcwSinceCycle = -1;
  st.escalationAt_0 = -1; st.escalationAt_1 = -1; st.escalationAt_2 = -1;
  st.takeControlAt_0 = -1; st.takeControlAt_1 = -1;
  resetMonitoring();
  resetGapWindow();
  clearRecorder();
}

/** Final command: mode decides who drives; hazard braking always wins; never non-finite. */
function arbitrate(mode: i32, targetMps: f64, features: i32): f64 {
  const v = wk.egoSpeedMps;
  const prev = isFinite(st.accelCmdMps2) ? st.accelCmdMps2 : 0;
  let cmd: f64 = 0;
  if (mode == MODE_ACTIVE || mode == MODE_TAKEOVER) {
    cmd = accCommandMps2(targetMps, prev);
    if (st.torActive != 0 && st.torReason == TOR_FAULT) cmd = approach(prev, Math.min(cmd, -cal.faultDecelMps2), cal.mrmJerkMps3 * CYCLE_S);
  } else if (mode == MODE_MRM) {
    // GB draft MRM: decelerate in lane at ≤ 4 m/s², then hold at standstill.
    const target = v > 0.1 ? -cal.mrmDecelMps2 : -1.0;
    cmd = approach(Math.min(prev, 0), target, cal.mrmJerkMps3 * CYCLE_S);
  }
  if (wk.hazardBrakeMps2 > 0) {
    // Hazard braking stays on whoever drives: `prev` carries its ramp across a disengagement.
    // The feature test first: 1.0.0's build folds the whole condition away.
    const direct = (features & FEATURE_AEB_DIRECT_DEMAND) != 0 && st.aebActive != 0 && !wk.aebOnset && st.fcwSinceCycle >= 0 &&
      (st.cycle - st.fcwSinceCycle) * CYCLE_S >= DIRECT_DEMAND_AFTER_S - 1e-9 && actedEnhancedTtcS() < DIRECT_DEMAND_HORIZON_S;
    // Only the build-up steps: braking is always released at the ramp (a stop that needs less as it
    // nears the object must not drop the brakes in steps).
    const demandMps2 = -wk.hazardBrakeMps2;
    cmd = Math.min(cmd, direct && demandMps2 < prev ? demandMps2 : approach(Math.min(prev, 0), demandMps2, HAZARD_JERK_MPS3 * CYCLE_S));
  }
  return isFinite(cmd) ? clamp(cmd, CMD_MIN_MPS2, CMD_MAX_MPS2) : -cal.faultDecelMps2;
}

@inline export function runCycle(features: i32): void {
  st.cycle += 1;
  out.eventFlags = 0;
  wk.mrmRequested = 0;

  latchFaults(checkFrame(features));
  followObject();
  const wasMode = <i32>st.mode;
  monitorDriver(isEngaged(wasMode));
  assessThreat(features);
  confirmStationary(features);
  findClosure(features);
  const mode = nextMode(features);
  st.mode = mode;
  if (!isEngaged(mode)) resetMonitoring();

  handleHazard(features);
  const capMps = dynamicSpeedCapMps(features);
  const targetMps = targetSpeedMps(capMps);
  const cmd = arbitrate(mode, targetMps, features);
  const controlling = mode == MODE_ACTIVE || mode == MODE_TAKEOVER || mode == MODE_MRM;
  st.accelCmdMps2 = controlling || wk.hazardBrakeMps2 > 0 ? cmd : 0;

  const stopped = controlling && wk.egoSpeedMps < 0.1;
  if (stopped && st.standstill == 0) out.eventFlags = <f64>(<i32>out.eventFlags | EVENT_STANDSTILL);
  st.standstill = stopped ? 1 : 0;

  out.accelCmdMps2 = st.accelCmdMps2;
  out.longControlActive = controlling || wk.hazardBrakeMps2 > 0 ? 1 : 0;
  out.mode = mode;
  out.assistActive = controlling ? 1 : 0;
  out.takeoverRequest = isEngaged(mode) && st.torActive != 0 ? 1 : 0;
  out.hazardLights = mode == MODE_MRM ? 1 : 0;
  out.targetSpeedMps = mode == MODE_OFF ? 0 : clamp(targetMps, 0, 70);
  out.dynamicSpeedCapMps = clamp(capMps, 0, 70);
  out.ttcS = clamp(wk.ttcS, 0, 99);
  out.requiredDecelMps2 = clamp(wk.requiredDecelMps2, 0, 99);
  out.lockedOut = st.cycle < st.lockoutUntilCycle ? 1 : 0;
  out.aebAvailable = wk.aebAvailable ? 1 : 0;
  if (!isEngaged(mode)) { out.horLevel = 0; out.eyesOffLevel = 0; }
  // The override mode leaves the throttle to the driver; the pilot still watches.
  if (mode == MODE_OVERRIDE) out.assistActive = 1;
  clampOutputs(out);
  record();
}
