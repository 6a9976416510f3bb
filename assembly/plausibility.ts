// Input plausibility, per signal group (abi/signals.ts SIGNAL_GROUPS): each input is checked
// on its own and a bad value marks only its group, so a fault degrades only the functions that
// use that group (a NaN map curvature never switches off emergency braking). Physical bounds:
// ego speed steps beyond maxEgoAccelMps2, object relative-speed steps beyond maxRelAccelMps2.
// A short lapse of the object channel or ego speed coasts on the last track, predicted forward.
import {
  checkInputs, CYCLE_S, FAULT_FROZEN_COUNTER, FAULT_IMPLAUSIBLE_JUMP, FAULT_INCONSISTENT_OBJECT, FAULT_NON_FINITE_INPUT,
  FAULT_OUT_OF_RANGE_INPUT, FAULT_SENSOR_REPORTED, FEATURE_RECKONED_LEAD_DECEL, FAULT_STALE_FRAME, GROUP_COUNTER, GROUP_DRIVER_STATE,
  GROUP_EGO_ACCEL, GROUP_EGO_SPEED, GROUP_OBJECT, GROUP_OBJECT_ATTRIBUTES, GROUP_PEDALS, GROUP_PERCEPTION_STATUS, KIND_BARRIER, KIND_CAR, KIND_CONE, KIND_NONE,
} from "./generated/abi";
import {
  carryGapVerdict, gapFrozen, gapRateContradicts, gapWindowFull, gapWindowIntact, predictedWindowGapM, pushGapSample, reckonedFromWindowM, reckonedLeadAccelMps2, relFrozen,
  resetGapWindow, startNewObject,
} from "./gap-rate-check";
import { cal, inp, st, tm, wk } from "./memory";
import { clamp } from "./table";

const STATIONARY_BELOW_MPS: f64 = 1.0;
/** A speed reading after a long lapse agrees with the one reckoned through it from the measured
 * acceleration within this, plus the drift below per second of lapse (sensor bias, road grade). */
const RECKONED_SPEED_TOLERANCE_MPS: f64 = 1.0;
const RECKONED_SPEED_DRIFT_MPS2: f64 = 0.5;
/** A measured gap this close to the predicted one is the same object (beyond it: a new object). */
/** A gap further than this from the one predicted is another object (also used to follow one). */
export const SAME_OBJECT_GATE_M: f64 = 2.0;
/** An acceleration attribute bit-identical for this long is stuck or frozen, not estimated: a
 * tracker differentiates a noisy speed, and its estimate changes every cycle it sees the object. */
const ATTRIBUTE_FROZEN_CYCLES: f64 = 49;
/** Remembered in place of an invalid attribute: outside its range, so no valid report equals it. */
const NO_ATTRIBUTE_MPS2: f64 = 99;

/** Returns the fault bits raised by this frame. Fills the sanitised working values. */
export function checkFrame(features: i32): i32 {
  const bad = checkInputs(inp);
  let faults = 0;
  if (bad & 1) faults |= FAULT_NON_FINITE_INPUT;
  if (bad & 2) faults |= FAULT_OUT_OF_RANGE_INPUT;
  let groups = bad >> 2;
  if (inp.sensorFault != 0) { faults |= FAULT_SENSOR_REPORTED; groups |= GROUP_PERCEPTION_STATUS; }
  const counterFaults = checkCounter();
  if (counterFaults != 0) { faults |= counterFaults; groups |= GROUP_COUNTER; }
  const frameStale = (groups & GROUP_COUNTER) != 0;

  // Ego speed: out of range, stale or physically implausible → the last good value, for a while,
  // carried forward with the measured acceleration when that is good.
  let speedOk = !frameStale && (groups & GROUP_EGO_SPEED) == 0;
  const accelOk = !frameStale && (groups & GROUP_EGO_ACCEL) == 0;
  // After a long lapse a valid reading restarts, unless the acceleration reckoned the speed through
  // the lapse: then the reading must agree with it (a speed stuck at 0 at 90 km/h is not reacquired).
  const reacquire = st.egoLapseCycles > tm.objectCoastCycles && (!accelOk || st.egoSpeedReckoned == 0);
  if (speedOk && st.cycle > 1 && !reacquire) {
    const lapseS = <f64>st.egoLapseCycles * CYCLE_S;
    const allowedMps = st.egoLapseCycles > tm.objectCoastCycles
      ? cal.maxEgoAccelMps2 * CYCLE_S + RECKONED_SPEED_TOLERANCE_MPS + RECKONED_SPEED_DRIFT_MPS2 * lapseS
      : cal.maxEgoAccelMps2 * CYCLE_S * (st.egoLapseCycles + 1);
    if (Math.abs(inp.egoSpeedMps - st.lastGoodSpeedMps) > allowedMps) {
      faults |= FAULT_IMPLAUSIBLE_JUMP;
      groups |= GROUP_EGO_SPEED;
      speedOk = false;
    }
  }
  if (speedOk) { st.lastGoodSpeedMps = inp.egoSpeedMps; st.egoLapseCycles = 0; st.egoSpeedReckoned = 1; } else {
    st.egoLapseCycles += 1;
    // Beyond the coast the speed is reckoned with the acceleration (held when that is bad too; a
    // held stretch makes the reckoned speed unfit to judge a returning reading).
    if (!accelOk) st.egoSpeedReckoned = 0;
    else if (st.egoLapseCycles > tm.objectCoastCycles) st.lastGoodSpeedMps = clamp(st.lastGoodSpeedMps + inp.egoAccelMps2 * CYCLE_S, 0, 90);
  }
  wk.egoSpeedMps = st.lastGoodSpeedMps;
  const egoLost = st.egoLapseCycles > tm.objectCoastCycles;

  let objectOk = !frameStale && (groups & GROUP_OBJECT) == 0;
  if (objectOk && relativeSpeedJumped()) {
    faults |= FAULT_IMPLAUSIBLE_JUMP;
    groups |= GROUP_OBJECT;
    objectOk = false;
  }
  rememberRawObject((groups & GROUP_OBJECT) == 0 && !frameStale);
  if (objectOk && !egoLost) {
    st.objectLapseCycles = 0;
    if (!readLead((groups & GROUP_OBJECT_ATTRIBUTES) == 0, features)) {
      // The perception contradicts itself: the pilot hands over, FCW/AEB act on the gap rate.
      faults |= FAULT_INCONSISTENT_OBJECT;
      groups |= GROUP_PERCEPTION_STATUS;
    }
  } else {
    st.objectLapseCycles += 1;
    if (st.objectLapseCycles <= tm.objectCoastCycles && st.trackValid != 0 && !egoLost) {
      coastOnTrack();
      carryGapVerdict(st.trackSpeedMps - wk.egoSpeedMps);
    } else { st.trackValid = 0; noLead(); resetGapWindow(); }
  }
  const objectLost = st.objectLapseCycles > tm.objectCoastCycles;
  wk.aebAvailable = !objectLost && !egoLost;

  // Short lapses coast: object, ego speed and counter degrade their functions only once lost.
  let degraded = groups & ~(GROUP_OBJECT | GROUP_EGO_SPEED | GROUP_COUNTER);
  if (objectLost) degraded |= frameStale ? GROUP_COUNTER | GROUP_OBJECT : GROUP_OBJECT;
  if (egoLost) degraded |= GROUP_EGO_SPEED;
  wk.invalidGroups = degraded;
  // Substitutes (docs/safety.md): unknown driver state = inattentive; unknown pedals = braking, no override.
  const driverStateOk = (groups & GROUP_DRIVER_STATE) == 0;
  wk.handsOn = driverStateOk && inp.handsOn != 0;
  wk.eyesOnRoad = driverStateOk && inp.eyesOnRoad != 0;
  const pedalsOk = (groups & GROUP_PEDALS) == 0;
  wk.driverBraking = !pedalsOk || inp.brakePedal != 0;
  wk.driverOverride = pedalsOk && inp.accelPedal > cal.overridePedalMin;
  return faults;
}

function checkCounter(): i32 {
  const counter = inp.frameCounter;
  if (!isFinite(counter)) return 0; // already a non-finite fault of the counter group
  let faults = 0;
  if (st.lastCounter >= 0) {
    const advance = (counter - st.lastCounter + 65536) % 65536;
    if (advance == 0) {
      st.frozenCycles += 1;
      if (st.frozenCycles >= tm.staleFrameCycles) faults |= FAULT_FROZEN_COUNTER;
    } else {
      st.frozenCycles = 0;
      // A counter that goes back (or jumps most of the way round) is a replayed, stale frame.
      if (advance > 32768) faults |= FAULT_STALE_FRAME;
    }
  }
  st.lastCounter = counter;
  return faults;
}

/** The same object's relative speed cannot step faster than two cars can accelerate. */
function relativeSpeedJumped(): bool {
  if (inp.leadValid == 0 || st.prevLeadDistM < 0) return false;
  const predictedM = st.prevLeadDistM + st.prevLeadRelSpeedMps * CYCLE_S;
  if (Math.abs(inp.leadDistM - predictedM) > SAME_OBJECT_GATE_M) return false; // another object
  return Math.abs(inp.leadRelSpeedMps - st.prevLeadRelSpeedMps) > cal.maxRelAccelMps2 * CYCLE_S;
}

/** Raw-to-raw comparison: a one-frame spike costs two frames of coasting, a real step one. */
function rememberRawObject(valid: bool): void {
  if (valid && inp.leadValid != 0) {
    st.prevLeadDistM = inp.leadDistM;
    st.prevLeadRelSpeedMps = inp.leadRelSpeedMps;
  } else {
    st.prevLeadDistM = -1;
    st.prevLeadRelSpeedMps = 0;
  }
}

function noLead(): void {
  wk.leadKind = KIND_NONE;
  wk.leadPresent = false;
  wk.leadDistM = 300;
  wk.leadRelSpeedMps = 0;
  wk.leadSpeedMps = wk.egoSpeedMps;
  wk.leadAccelMps2 = 0;
  wk.leadStationary = false;
}

function setLead(kind: i32, distM: f64, leadSpeedMps: f64, accelMps2: f64): void {
  wk.leadKind = kind;
  wk.leadPresent = true;
  wk.leadDistM = distM;
  wk.leadSpeedMps = leadSpeedMps;
  wk.leadRelSpeedMps = leadSpeedMps - wk.egoSpeedMps;
  wk.leadAccelMps2 = accelMps2;
  wk.leadStationary = leadSpeedMps < STATIONARY_BELOW_MPS || kind == KIND_CONE || kind == KIND_BARRIER;
}

/** The gap and closing speed are the object; its acceleration and class are attributes of it: a bad
 * attribute is substituted (no acceleration, a car) instead of losing the object and with it AEB.
 * Returns false when the reported relative speed contradicts the gap rate (then the rate is used). */
function readLead(attributesOk: bool, features: i32): bool {
  if (inp.leadValid == 0) {
    // For as long as a lapse would coast; longer, nothing carries over.
    st.noObjectCycles += 1;
    if (st.noObjectCycles <= <f64>tm.objectCoastCycles) carryGapVerdict(st.trackSpeedMps - wk.egoSpeedMps);
    else resetGapWindow();
    st.trackValid = 0; noLead(); return true;
  }
  st.noObjectCycles = 0;
  let gapM = clamp(inp.leadDistM, 0, 300);
  let relMps = inp.leadRelSpeedMps;
  if (!gapWindowIntact()) resetGapWindow();
  // Another object (a cut-in, a cut-out's reveal) starts a new window.
  if (st.windowCount > 0 && Math.abs(gapM - predictedWindowGapM()) > SAME_OBJECT_GATE_M) startNewObject();
  const gapRateMps = pushGapSample(gapM, relMps, wk.egoSpeedMps + relMps); // finite once the window is full
  const judged = gapWindowFull();
  if (st.priorObjectGapM >= 0) st.priorObjectGapM = clamp(st.priorObjectGapM + relMps * CYCLE_S, 0, 300);
  // A full window judges; while it fills again after a short lapse, the last verdict stands. Once
  // found inconsistent, the object stays so until the reported gap is back where the closing speed
  // puts it: a frozen gap agrees with any closing speed below the tolerance, a stopped car's too.
  // A relative speed caught frozen stays the liar while it stays frozen (at walking pace it agrees).
  const reckonedAgrees = st.reckonedGapM < 0 || (Math.abs(gapM - st.reckonedGapM) <= SAME_OBJECT_GATE_M && !relFrozen());
  const consistent = judged ? !gapRateContradicts(gapRateMps) && reckonedAgrees : st.reckonedGapM < 0;
  if (consistent) {
    st.reckonedGapM = -1;
    // A frozen gap that agrees (standing behind a car, or a lie that has not been caught yet) keeps
    // the object before the jump: a lead braking behind a gap stuck at 150 m is found only later.
    if (judged && !gapFrozen()) st.priorObjectGapM = -1;
  } else {
    // Which one lies is unknown: the more threatening of each. The closing speed: the faster one
    // (while the window refills, the closing speed the track was carried with). A frozen gap has no
    // rate to offer: the liar is known, and the reported closing speed is used as it is.
    if (!judged) relMps = Math.min(relMps, st.trackSpeedMps - wk.egoSpeedMps);
    else if (!gapFrozen()) relMps = Math.min(relMps, gapRateMps);
    // The gap: the reported one or the one dead-reckoned with the reported relative speeds from the
    // window's start (or from the object before a jump), then with that speed, whichever is nearer
    // (a gap stuck at 100 m while the car closes at 25 m/s).
    if (st.reckonedGapM < 0) {
      st.reckonedGapM = clamp(reckonedFromWindowM(), 0, 300);
      if (st.priorObjectGapM >= 0) st.reckonedGapM = Math.min(st.reckonedGapM, st.priorObjectGapM);
      st.priorObjectGapM = -1;
    } else st.reckonedGapM = clamp(st.reckonedGapM + relMps * CYCLE_S, 0, 300);
    gapM = Math.min(gapM, st.reckonedGapM);
    // Never carry a non-finite value into the track (AEB would act on nothing): the report instead.
    if (!isFinite(gapM) || !isFinite(relMps)) { resetGapWindow(); gapM = clamp(inp.leadDistM, 0, 300); relMps = inp.leadRelSpeedMps; }
  }
  const speed = Math.max(0, wk.egoSpeedMps + relMps);
  const accelMps2 = leadAccelMps2(attributesOk, judged && consistent, features);
  const kind = attributesOk ? <i32>inp.leadKind : KIND_CAR;
  setLead(kind, gapM, speed, accelMps2);
  wk.leadRelSpeedMps = relMps;
  st.trackValid = 1;
  st.trackDistM = wk.leadDistM;
  st.trackSpeedMps = speed;
  st.trackAccelMps2 = accelMps2;
  st.trackKind = kind;
  return consistent;
}

/** The object's acceleration. It is an attribute: lost (NaN, out of range: read as 0) or stuck
 * (at 0, frozen), it hid a lead braking at 6 m/s² 12 m ahead until too late (Euro NCAP CCRb, AEB
 * only: contact at 15 km/h). With reckonedLeadDecel (1.1.0) such an attribute is replaced by the
 * object's acceleration reckoned from its own speed over the gap-rate window, when gap and closing
 * speed agree over it (`speedHistoryOk`); an attribute that moves like an estimate is used as it is
 * (the reckoning lags it less than a tracker's filter and would change the ACC's braking). */
function leadAccelMps2(attributesOk: bool, speedHistoryOk: bool, features: i32): f64 {
  const reported = inp.leadAccelMps2;
  if ((features & FEATURE_RECKONED_LEAD_DECEL) == 0) return attributesOk ? reported : 0;
  // A restored block may hold any count: one outside 0…49 starts again (NaN or −10⁹ would never
  // reach "frozen").
  const counted = st.leadAccelUnchangedCycles;
  const before = counted >= 0 && counted <= ATTRIBUTE_FROZEN_CYCLES ? counted : 0;
  st.leadAccelUnchangedCycles = attributesOk && reported == st.prevLeadAccelMps2 ? Math.min(before + 1, ATTRIBUTE_FROZEN_CYCLES) : 0;
  st.prevLeadAccelMps2 = attributesOk ? reported : NO_ATTRIBUTE_MPS2;
  if (attributesOk && st.leadAccelUnchangedCycles < ATTRIBUTE_FROZEN_CYCLES) return reported;
  const reckonedMps2 = speedHistoryOk ? reckonedLeadAccelMps2() : NaN;
  return isFinite(reckonedMps2) ? reckonedMps2 : 0;
}

/** Predicts the last track one cycle forward (constant object acceleration, never reversing). */
function coastOnTrack(): void {
  st.trackSpeedMps = Math.max(0, st.trackSpeedMps + st.trackAccelMps2 * CYCLE_S);
  st.trackDistM = clamp(st.trackDistM + (st.trackSpeedMps - wk.egoSpeedMps) * CYCLE_S, 0, 300);
  setLead(<i32>st.trackKind, st.trackDistM, st.trackSpeedMps, st.trackAccelMps2);
}
