// Hazard assessment (UN R152 / Euro NCAP): time to collision, the deceleration needed to
// avoid the in-path object, forward-collision warning, then staged braking: partial braking
// at first, emergency braking only once the warning has run for fcwLeadS. With the standstill
// hold (1.1.0), emergency braking, once started, continues until the car is no faster than the
// object (a stationary one: to standstill), holds the car aebHoldS, and ignores the driver's
// brake pedal (it adds to it); 1.0.0 handed braking to the driver as soon as the pedal was touched.
// A hazard revealed too late for the staged stop is braked for at once (lateHazardBraking, 1.1.0).
import { CYCLE_S, EVENT_AEB, EVENT_FCW, FEATURE_AEB_STANDSTILL_HOLD, FEATURE_ENHANCED_TTC_WARNING, FEATURE_LATE_HAZARD_BRAKING, FEATURE_STATIONARY_CONFIRMATION, KIND_BARRIER, KIND_CONE, KIND_NONE } from "./generated/abi";
import { accDecelMaxMps2, jerkMaxMps3, partialBrakeCeilingMps2, stationaryTrustRangeM } from "./limits";
import { cal, out, st, tm, wk } from "./memory";
import { stopDistanceM, warningLeadLeftS } from "./stationary-confirmation";

const NO_TTC_S: f64 = 99;
const STANDSTILL_MPS: f64 = 0.1;
/** Least braking while latched on a stationary object: enough that the car never creeps on. */
const LATCH_MIN_DECEL_MPS2: f64 = 1.0;
const UNAVOIDABLE_MPS2: f64 = 99;
/** A lead decelerating harder than this is braking (Euro NCAP CCRb: 2–6 m/s²): hazard braking stays latched on it. */
const BRAKING_LEAD_MPS2: f64 = 0.5;

/** Deceleration that stops `speedMps` within `distM` (kinematics: v² / 2d). */
@inline export function stoppingDecelMps2(speedMps: f64, distM: f64): f64 {
  return distM > 0.1 ? speedMps * speedMps / (2 * distM) : UNAVOIDABLE_MPS2;
}

/** Enhanced time to collision (Euro NCAP): the first time the gap closes, the object's own
 * braking counted (it keeps braking); NO_TTC_S when it never does. */
function enhancedTtcS(gapM: f64, closingMps: f64, leadDecelMps2: f64): f64 {
  if (leadDecelMps2 > 1e-3) {
    const disc = closingMps * closingMps + 2 * leadDecelMps2 * Math.max(gapM, 0);
    return Math.min((Math.sqrt(disc) - closingMps) / leadDecelMps2, NO_TTC_S);
  }
  return closingMps > 0.1 ? Math.min(Math.max(gapM, 0) / closingMps, NO_TTC_S) : NO_TTC_S;
}

/** Enhanced TTC to the object acted on (NO_TTC_S when none). */
export function actedEnhancedTtcS(): f64 {
  if (!wk.leadActed) return NO_TTC_S;
  const closingMps = wk.leadStationary ? wk.egoSpeedMps : -wk.leadRelSpeedMps;
  return enhancedTtcS(wk.leadDistM, closingMps, wk.leadStationary ? 0 : Math.max(-wk.leadAccelMps2, 0));
}

/** Ego deceleration that keeps `marginM` to an object ahead, with lead braking and latency. */
export function requiredDecelMps2(egoMps: f64, leadMps: f64, gapM: f64, leadDecelMps2: f64, latencyS: f64, marginM: f64): f64 {
  const closingMps = egoMps - leadMps;
  const usableM = gapM - marginM - Math.max(closingMps, 0) * latencyS;
  if (usableM <= 0.1) return closingMps > 0 || leadDecelMps2 > 0.5 ? UNAVOIDABLE_MPS2 : 0;
  // How far the object travels before it stops: nothing if it already stands, unbounded if it cruises.
  const leadStopsAfterM = leadMps < 0.5 ? 0 : leadDecelMps2 > 0.1 ? leadMps * leadMps / (2 * leadDecelMps2) : Infinity;
  // Both come to rest: ego must stop within the gap plus the lead's own stopping distance.
  const stopCase = leadDecelMps2 > 0.1 || leadMps < 0.5 ? stoppingDecelMps2(egoMps, usableM + leadStopsAfterM) : 0;
  if (leadMps < 0.5) return stopCase;
  if (closingMps <= 0) return stopCase;
  // Ego matches the lead's speed before the lead stops.
  const matchCase = Math.max(leadDecelMps2, 0) + closingMps * closingMps / (2 * usableM);
  if (leadDecelMps2 > 0.1) {
    const matchTimeS = closingMps / Math.max(matchCase - leadDecelMps2, 1e-3);
    if (matchTimeS > leadMps / leadDecelMps2) return stopCase;
  }
  return matchCase;
}

/** Decides which in-path object the controllers act on and how threatening it is. */
export function assessThreat(features: i32): void {
  const v = wk.egoSpeedMps;
  // 1.0.0 ignored an object the camera had not classified; with the confirmation stage (1.1.0) an
  // unclassified object in the path is acted on too (a stationary one only once confirmed).
  const considered = wk.leadKind != KIND_NONE || ((features & FEATURE_STATIONARY_CONFIRMATION) != 0 && wk.leadPresent);
  // A stationary return is acted on only inside the range the release trusts at this speed.
  wk.leadActed = considered && (!wk.leadStationary || wk.leadDistM <= stationaryTrustRangeM(v));
  if (!wk.leadActed) {
    wk.ttcS = NO_TTC_S;
    wk.requiredDecelMps2 = 0;
    return;
  }
  const closingMps = -wk.leadRelSpeedMps;
  wk.ttcS = closingMps > 0.1 ? Math.min(wk.leadDistM / closingMps, NO_TTC_S) : NO_TTC_S;
  const leadMps = wk.leadStationary ? 0 : wk.leadSpeedMps;
  wk.requiredDecelMps2 = requiredDecelMps2(v, leadMps, wk.leadDistM, Math.max(-wk.leadAccelMps2, 0), cal.systemLatencyS, cal.collisionMarginM);
}

/** Braking ceiling for the object's class: road-works objects may be capped lower (1.0.0). */
@inline function kindCeilingMps2(): f64 {
  const kind = wk.leadKind;
  return kind == KIND_CONE || kind == KIND_BARRIER ? cal.roadworksBrakeMaxMps2 : cal.aebMaxDecelMps2;
}

/** Hazard braking, once started in a warning, continues until the car is no faster than the object (a stationary one: to standstill), then holds (feature aebStandstillHold).
 * A moving object that does not brake holds it only while it still threatens (`threat`: a warning
 * criterion met): when the object braked for is replaced at the same gap by one that does not (a
 * false stationary return for two frames at a truck's gap, then the truck again), the reason for
 * braking is gone, and following the truck is the ACC's work, not 5 m/s² until the speeds match. A
 * braking lead (Euro NCAP CCRb) keeps the latch: released there, the warning and the braking would
 * flicker on and off as the lead slows. */
function holdEmergencyBraking(ceilingMps2: f64, threat: bool): void {
  const v = wk.egoSpeedMps;
  if (st.aebLatched != 0) {
    const closing = wk.leadActed && (wk.leadStationary ? v > STANDSTILL_MPS : -wk.leadRelSpeedMps > 0.1 && (threat || wk.leadAccelMps2 < -BRAKING_LEAD_MPS2));
    if (closing) {
      // Never let go into a creep: a stationary object is braked for to standstill, and
      // emergency braking, once reached, stays emergency braking.
      if (wk.leadStationary) {
        // Stop before the collision margin, no harder than that needs (no early stop far short of it).
        const stopMps2 = stoppingDecelMps2(v, wk.leadDistM - cal.collisionMarginM) * cal.hazardBrakeGain;
        wk.hazardBrakeMps2 = Math.max(wk.hazardBrakeMps2, Math.max(Math.min(stopMps2, ceilingMps2), LATCH_MIN_DECEL_MPS2));
      }
      if (st.aebActive != 0) wk.hazardBrakeMps2 = Math.max(wk.hazardBrakeMps2, cal.aebThresholdMps2);
    } else {
      st.aebLatched = 0;
      if (v <= STANDSTILL_MPS) st.aebHoldCycles = tm.aebHoldCycles;
    }
  }
  if (st.aebHoldCycles > 0) {
    if (wk.driverOverride) st.aebHoldCycles = 0;
    else {
      st.aebHoldCycles -= 1;
      // Build the holding pressure at the comfort jerk: the car already stands.
      const heldMps2 = Math.min(cal.aebHoldDecelMps2, Math.max(-st.accelCmdMps2, 0) + jerkMaxMps3(v) * CYCLE_S);
      wk.hazardBrakeMps2 = Math.max(wk.hazardBrakeMps2, heldMps2);
    }
  }
}

/** UN R152 §5.2.1.1: the warning comes fcwLeadS before emergency braking, unless the collision
 * could not be anticipated that early; then the warning comes no later than the braking. A
 * hazard revealed so late (a cut-out, a cut-in) that the staged stop — the warning lead still
 * owed at partial braking, then the emergency ceiling — would no longer stop short of the object is
 * braked for at the emergency ceiling at once, the warning starting in the same cycle. */
function tooLateForWarningLead(): bool {
  const closingMps = wk.leadStationary ? wk.egoSpeedMps : Math.max(-wk.leadRelSpeedMps, 0);
  // Contact, not the margin, decides: inside the margin at a creeping closing speed partial braking still resolves it.
  return stopDistanceM(closingMps, warningLeadLeftS(), cal.aebMaxDecelMps2) - cal.collisionMarginM > wk.leadDistM;
}

/** Warning and staged braking; sets wk.hazardBrakeMps2 (0 when none). */
export function handleHazard(features: i32): void {
  const v = wk.egoSpeedMps;
  const moving = v > 0.5;
  // Nothing closing within 20 s is no threat. For a lead that brakes, the gap closes sooner than the
  // closing speed says: gated on the plain TTC, a lead braking at 4 m/s² 35 m ahead at 120 km/h got
  // hazard braking beyond the ACC's limits (stepped at 50 m/s³) 1.3 s before any warning.
  // enhancedTtcWarning gates on Euro NCAP's enhanced TTC, which counts the lead's braking.
  const horizonTtcS = (features & FEATURE_ENHANCED_TTC_WARNING) != 0 ? actedEnhancedTtcS() : wk.ttcS;
  const threat = moving && wk.leadActed && horizonTtcS < 20 &&
    (wk.ttcS < cal.fcwTtcS || wk.requiredDecelMps2 > cal.fcwReqDecelMps2);
  if (threat) st.hazardHoldCycles = tm.hazardHoldCycles;
  else if (st.hazardHoldCycles > 0) st.hazardHoldCycles -= 1;
  const hold = (features & FEATURE_AEB_STANDSTILL_HOLD) != 0;
  // The warning stays on for as long as hazard braking is latched.
  const warning = threat || (st.hazardHoldCycles > 0 && moving) || (hold && st.aebLatched != 0);

  if (warning && st.fcwSinceCycle < 0) {
    st.fcwSinceCycle = st.cycle;
    out.eventFlags = <f64>(<i32>out.eventFlags | EVENT_FCW);
  } else if (!warning) {
    st.fcwSinceCycle = -1;
  }
  out.fcw = warning ? 1 : 0;

  wk.hazardBrakeMps2 = 0;
  const warnedLongEnough = st.fcwSinceCycle >= 0 && st.cycle - st.fcwSinceCycle >= tm.fcwLeadCycles;
  // Only a ceiling: the gate below still brakes only for an acted-on, confirmed object.
  const unannounceable = warning && (features & FEATURE_LATE_HAZARD_BRAKING) != 0 && tooLateForWarningLead();
  const ceiling = warnedLongEnough || unannounceable ? cal.aebMaxDecelMps2 : partialBrakeCeilingMps2();
  // Braking beyond what the ACC may do, or any braking while warning, belongs to hazard handling.
  const needMps2 = wk.requiredDecelMps2 * cal.hazardBrakeGain;
  // An unconfirmed far stationary return is warned about and eased off for, never braked for.
  if (moving && wk.leadActed && !wk.leadCandidate && (warning || wk.requiredDecelMps2 > accDecelMaxMps2(v))) {
    wk.hazardBrakeMps2 = Math.min(Math.min(needMps2, ceiling), kindCeilingMps2());
  }
  if (hold) {
    if (wk.hazardBrakeMps2 > 0 && warning) st.aebLatched = 1;
    holdEmergencyBraking(ceiling, threat);
  } else if (wk.driverBraking) {
    wk.hazardBrakeMps2 = 0; // 1.0.0: the driver's pedal takes over from the ECU's braking
  }
  const aeb = wk.hazardBrakeMps2 > cal.aebThresholdMps2 || (st.aebLatched != 0 && wk.hazardBrakeMps2 >= cal.aebThresholdMps2);
  wk.aebOnset = aeb && st.aebActive == 0;
  if (wk.aebOnset) out.eventFlags = <f64>(<i32>out.eventFlags | EVENT_AEB);
  st.aebActive = aeb ? 1 : 0;
  out.aebActive = st.aebActive;
}
