// Mode manager: off → standby → active, driver override and disengagement, takeover
// requests when the pilot meets a limit it cannot handle, the minimal-risk manoeuvre and
// lockout. It only decides the mode; the command is shaped in index.ts.
import {
  EVENT_DISENGAGED, EVENT_DRIVER_TAKEOVER, EVENT_ENGAGED, EVENT_FAULT, EVENT_LOCKOUT, EVENT_MRM,
  EVENT_TAKEOVER_REQUEST, FEATURE_TIME_BASED_HANDOVER, GROUP_PILOT_CONTROLS, GROUPS_LOSING_PILOT, MODE_ACTIVE, MODE_LOCKOUT, MODE_MRM, MODE_OFF,
  MODE_OVERRIDE, MODE_STANDBY, MODE_TAKEOVER,
} from "./generated/abi";
import { resetMonitoring, MRM_TAKEOVER_UNANSWERED } from "./driver-monitoring";
import { cal, inp, out, st, tm, wk } from "./memory";

export const TOR_CLOSURE: i32 = 1;
export const TOR_FAULT: i32 = 2;
export const TOR_DESIGN_DOMAIN: i32 = 4;
const NO_ODD_END_M: f64 = 5000;

@inline function raise(event: i32): void {
  out.eventFlags = <f64>(<i32>out.eventFlags | event);
}

/** Engaged = the pilot has longitudinal authority (override lends it to the driver's foot). */
@inline export function isEngaged(mode: i32): bool {
  return mode == MODE_ACTIVE || mode == MODE_OVERRIDE || mode == MODE_TAKEOVER || mode == MODE_MRM;
}

/** Latches fault bits and degraded signal groups until the frame has been clean for faultClearS. */
export function latchFaults(frameFaults: i32): void {
  const groups = wk.invalidGroups;
  if (frameFaults != 0 || groups != 0) {
    if ((<i32>st.faultCode & frameFaults) != frameFaults) raise(EVENT_FAULT);
    st.faultCode = <f64>(<i32>st.faultCode | frameFaults);
    st.degradedGroups = <f64>(<i32>st.degradedGroups | groups);
    st.faultFreeCycles = 0;
  } else if (st.faultCode != 0 || st.degradedGroups != 0) {
    st.faultFreeCycles += 1;
    if (st.faultFreeCycles >= tm.faultClearCycles) { st.faultCode = 0; st.degradedGroups = 0; }
  }
  out.faultCode = st.faultCode;
  out.degradedGroups = st.degradedGroups;
}

/** A fault of a group the pilot uses: it cannot carry on (FCW/AEB may well still run). */
@inline function pilotDegraded(): bool {
  return (<i32>st.degradedGroups & GROUPS_LOSING_PILOT) != 0;
}

function disengage(mode: i32, byDriver: bool): i32 {
  if (byDriver && (st.torActive != 0 || mode == MODE_MRM || st.horLevel > 0 || st.eyesOffLevel > 0)) raise(EVENT_DRIVER_TAKEOVER);
  raise(EVENT_DISENGAGED);
  st.torActive = 0;
  st.torCycles = 0;
  resetMonitoring();
  return lockedOut() ? enterLockout() : MODE_STANDBY;
}

@inline function lockedOut(): bool {
  return st.cycle < st.lockoutUntilCycle;
}

function enterLockout(): i32 {
  raise(EVENT_LOCKOUT);
  return MODE_LOCKOUT;
}

/** Takeover request: a closure it cannot pass, or a fault it cannot drive through. */
function updateTakeoverRequest(features: i32): void {
  let reason = 0;
  const v = Math.max(wk.egoSpeedMps, 0.1);
  // 1.1.0 hands over by time (seconds before the limit); 1.0.0 by distance, or only once it acts on an obstacle.
  const timeBased = (features & FEATURE_TIME_BASED_HANDOVER) != 0;
  if (pilotDegraded()) reason = TOR_FAULT;
  else if (wk.closureAhead) {
    if (timeBased ? wk.closureDistM / v <= cal.torLeadTimeS || wk.closureDistM < cal.standstillGapM + 5 : wk.leadActed) reason = TOR_CLOSURE;
  } else if (inp.oddEndDistM < NO_ODD_END_M) {
    if (timeBased ? inp.oddEndDistM / v <= cal.torLeadTimeS : inp.oddEndDistM <= cal.torDistanceM) reason = TOR_DESIGN_DOMAIN;
  }
  if (reason != 0 && st.torActive == 0) {
    st.torActive = 1;
    st.torCycles = 0;
    st.torReason = reason;
    raise(EVENT_TAKEOVER_REQUEST);
  } else if (reason != 0 && reason != st.torReason && st.torActive != 0 && st.torReason == TOR_FAULT) {
    st.torReason = reason; // a fault cleared but another limit is ahead: the request stays
    st.torCycles += 1;
  } else if (reason == 0 && st.torActive != 0 && st.torReason == TOR_FAULT) {
    st.torActive = 0; // the fault cleared: the pilot carries on
  } else if (st.torActive != 0) {
    st.torCycles += 1;
  }
}

function startMrm(reason: i32): i32 {
  st.mrmReason = reason;
  raise(EVENT_MRM);
  // GB draft: the function is unavailable for ≥ 30 min after one MRM.
  st.lockoutUntilCycle = Math.max(st.lockoutUntilCycle, st.cycle + tm.lockoutCycles);
  return MODE_MRM;
}

export function nextMode(features: i32): i32 {
  const mode = <i32>st.mode;
  const engageEdge = inp.engageRequest != 0 && st.prevEngage == 0;
  st.prevEngage = inp.engageRequest != 0 ? 1 : 0;

  if (inp.mainSwitch == 0) {
    if (isEngaged(mode)) disengage(mode, true);
    return MODE_OFF;
  }
  if (mode == MODE_OFF) return lockedOut() ? enterLockout() : MODE_STANDBY;
  if (mode == MODE_LOCKOUT) return lockedOut() ? MODE_LOCKOUT : MODE_STANDBY;
  if (mode == MODE_STANDBY) {
    if (lockedOut()) return enterLockout();
    if (engageEdge && st.faultCode == 0 && wk.egoSpeedMps >= cal.engageMinSpeedMps && !wk.driverBraking) {
      st.accelCmdMps2 = isFinite(inp.egoAccelMps2) ? Math.min(Math.max(inp.egoAccelMps2, -3), 2) : 0;
      raise(EVENT_ENGAGED);
      return MODE_ACTIVE;
    }
    return MODE_STANDBY;
  }
  // Engaged from here on.
  // Unreadable pilot controls count as cancel (docs/safety.md).
  const cancel = inp.cancelRequest != 0 || (wk.invalidGroups & GROUP_PILOT_CONTROLS) != 0;
  if (wk.driverBraking || cancel) return disengage(mode, wk.driverBraking);
  if (mode == MODE_MRM) {
    if (wk.driverOverride) return disengage(mode, true);
    return MODE_MRM;
  }
  updateTakeoverRequest(features);
  if (wk.mrmRequested != 0) return startMrm(wk.mrmRequested);
  if (st.torActive != 0 && st.torCycles >= tm.torTimeoutCycles) return startMrm(MRM_TAKEOVER_UNANSWERED);
  if (wk.driverOverride) return MODE_OVERRIDE;
  return st.torActive != 0 ? MODE_TAKEOVER : MODE_ACTIVE;
}
