// Driver monitoring to the GB combined-driver-assistance draft / UN R171 (domain.md §2):
// hands-off chain  HOR (5 s, or 10 s with gaze on the road) → escalation (10 s) → MRM (10 s);
// eyes-off chain   request (5 s) → escalation (3 s) → take control now (5 s) → MRM (10 s);
// gaze must be back ≥ 200 ms to count. Repeated escalations lead to lockout.
import {
  EVENT_EYES_OFF_ESCALATED, EVENT_EYES_OFF_WARNING, EVENT_HOR, EVENT_HOR_ESCALATED, EVENT_TAKE_CONTROL_NOW,
  ST_ESCALATION_AT, ST_ESCALATION_AT_LEN, ST_TAKE_CONTROL_AT, ST_TAKE_CONTROL_AT_LEN, STATE_OFFSET,
} from "./generated/abi";
import { BASE, cal, inp, out, st, tm, wk } from "./memory";

export const MRM_HANDS_OFF: i32 = 1;
export const MRM_EYES_OFF: i32 = 2;
export const MRM_TAKEOVER_UNANSWERED: i32 = 3;

@inline function raise(event: i32): void {
  out.eventFlags = <f64>(<i32>out.eventFlags | event);
}

export function resetMonitoring(): void {
  st.handsOffCycles = 0;
  st.eyesStayedOn = 1;
  st.horLevel = 0;
  st.horLevelCycles = 0;
  st.eyesOffCycles = 0;
  st.eyesBackCycles = tm.gazeRegainCycles;
  st.eyesOffLevel = 0;
  st.eyesOffLevelCycles = 0;
}

/** Remembers the cycle of an alert in a small ring; returns how many fall inside the lockout window. */
function recordAlert(ringOffset: usize, len: i32): i32 {
  const ring = BASE + STATE_OFFSET + ringOffset;
  for (let i = len - 1; i > 0; i--) store<f64>(ring + (<usize>i << 3), load<f64>(ring + (<usize>(i - 1) << 3)));
  store<f64>(ring, st.cycle);
  let inside = 0;
  for (let i = 0; i < len; i++) {
    const at = load<f64>(ring + (<usize>i << 3));
    if (at >= 0 && st.cycle - at <= tm.lockoutWindowCycles) inside++;
  }
  return inside;
}

function lockOut(): void {
  st.lockoutUntilCycle = Math.max(st.lockoutUntilCycle, st.cycle + tm.lockoutCycles);
}

function handsChain(): void {
  if (wk.handsOn) {
    st.handsOffCycles = 0;
    st.eyesStayedOn = 1;
    st.horLevel = 0; // hands back on answers the request
    st.horLevelCycles = 0;
    return;
  }
  st.handsOffCycles += 1;
  if (!wk.eyesOnRoad) st.eyesStayedOn = 0;
  if (st.horLevel == 0) {
    const limit = st.eyesStayedOn != 0 ? tm.horHandsOffEyesOnCycles : tm.horHandsOffCycles;
    if (st.handsOffCycles >= limit) { st.horLevel = 1; st.horLevelCycles = 0; raise(EVENT_HOR); }
    return;
  }
  st.horLevelCycles += 1;
  if (st.horLevel == 1 && st.horLevelCycles >= tm.horEscalateCycles) {
    st.horLevel = 2;
    st.horLevelCycles = 0;
    raise(EVENT_HOR_ESCALATED);
    if (recordAlert(ST_ESCALATION_AT, ST_ESCALATION_AT_LEN) >= <i32>cal.lockoutEscalations) lockOut();
  } else if (st.horLevel == 2 && st.horLevelCycles >= tm.horMrmCycles) {
    wk.mrmRequested = MRM_HANDS_OFF;
  }
}

function eyesChain(): void {
  if (wk.eyesOnRoad) {
    st.eyesBackCycles += 1;
    if (st.eyesBackCycles >= tm.gazeRegainCycles) {
      st.eyesOffCycles = 0;
      st.eyesOffLevel = 0;
      st.eyesOffLevelCycles = 0;
      return;
    }
  } else {
    st.eyesBackCycles = 0;
  }
  // Gaze away, or back for less than the regain time: the chain keeps running.
  st.eyesOffCycles += 1;
  if (st.eyesOffLevel == 0) {
    if (st.eyesOffCycles >= tm.eyesOffRequestCycles) { st.eyesOffLevel = 1; st.eyesOffLevelCycles = 0; raise(EVENT_EYES_OFF_WARNING); }
    return;
  }
  st.eyesOffLevelCycles += 1;
  if (st.eyesOffLevel == 1 && st.eyesOffLevelCycles >= tm.eyesOffEscalateCycles) {
    st.eyesOffLevel = 2;
    st.eyesOffLevelCycles = 0;
    raise(EVENT_EYES_OFF_ESCALATED);
    if (recordAlert(ST_ESCALATION_AT, ST_ESCALATION_AT_LEN) >= <i32>cal.lockoutEscalations) lockOut();
  } else if (st.eyesOffLevel == 2 && st.eyesOffLevelCycles >= tm.eyesOffTakeControlCycles) {
    st.eyesOffLevel = 3;
    st.eyesOffLevelCycles = 0;
    raise(EVENT_TAKE_CONTROL_NOW);
    if (recordAlert(ST_TAKE_CONTROL_AT, ST_TAKE_CONTROL_AT_LEN) >= <i32>cal.lockoutTakeControls) lockOut();
  } else if (st.eyesOffLevel == 3 && st.eyesOffLevelCycles >= tm.eyesOffMrmCycles) {
    wk.mrmRequested = MRM_EYES_OFF;
  }
}

/** Runs while the pilot is engaged; timers count only above the monitoring speed. */
export function monitorDriver(engaged: bool): void {
  if (!engaged) { resetMonitoring(); return; }
  if (wk.egoSpeedMps > cal.dmsMinSpeedMps) {
    handsChain();
    eyesChain();
  }
  out.horLevel = st.horLevel;
  out.eyesOffLevel = st.eyesOffLevel;
}
