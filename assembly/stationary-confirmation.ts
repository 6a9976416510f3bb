// Confirmation of far stationary returns (1.1.0, feature stationaryConfirmation). A radar sees
// gantries, bridges, signs and manhole covers as stationary objects in the lane until its
// elevation or angle resolves them closer in (docs/perception.md). Acting in full on every far
// stationary return brakes for them; ignoring far returns (1.0.0) leaves too little distance for
// a real stopped car. The middle way: a stationary object is confirmed when it was seen moving
// (a car that stopped is real) or when it is still there at the distance a firm stop needs; until
// then it is a candidate: the warning may run and the pilot eases off at no more than
// precautionDecelMps2, which lowers the speed and so the distance at which a stop must start.
import { CYCLE_S, FEATURE_ROADWORKS_TRUSTED, FEATURE_STATIONARY_CONFIRMATION, KIND_BARRIER, KIND_CONE } from "./generated/abi";
import { partialBrakeCeilingMps2 } from "./limits";
import { cal, st, tm, wk } from "./memory";
import { SAME_OBJECT_GATE_M } from "./plausibility";

// The envelope's 5 s, with room for the noise between its raw frame and the firmware's tracked object.
const THROTTLE_HOLD_HORIZON_S: f64 = 5.5;

/** Follows the in-path object from cycle to cycle and remembers whether it was ever seen moving. */
export function followObject(): void {
  if (!wk.leadPresent) {
    st.leadSeenMoving = 0;
    st.leadTrackDistM = -1;
    return;
  }
  const predictedM = st.leadTrackDistM + wk.leadRelSpeedMps * CYCLE_S;
  const sameObject = st.leadTrackDistM >= 0 && Math.abs(wk.leadDistM - predictedM) <= SAME_OBJECT_GATE_M;
  if (!sameObject) st.leadSeenMoving = 0;
  if (!wk.leadStationary) st.leadSeenMoving = 1;
  st.leadTrackDistM = wk.leadDistM;
}

/** Distance a stop from `speedMps` needs: latency, what remains of the warning lead at partial
 * braking (UN R152: warning ≥ fcwLeadS before emergency braking), then decelMps2, plus the margin. */
export function stopDistanceM(speedMps: f64, leadLeftS: f64, decelMps2: f64): f64 {
  const partialMps2 = partialBrakeCeilingMps2();
  const leadS = Math.min(leadLeftS, speedMps / partialMps2);
  const afterLeadMps = speedMps - partialMps2 * leadS;
  return speedMps * cal.systemLatencyS + speedMps * leadS - 0.5 * partialMps2 * leadS * leadS
    + afterLeadMps * afterLeadMps / (2 * decelMps2) + cal.collisionMarginM;
}

/** Warning time still owed before emergency braking may start [s]. */
export function warningLeadLeftS(): f64 {
  if (st.fcwSinceCycle < 0) return cal.fcwLeadS;
  const warnedCycles = st.cycle - st.fcwSinceCycle;
  return Math.max(<f64>(tm.fcwLeadCycles - warnedCycles), 0) * CYCLE_S;
}

/** Road-works equipment the camera has named (feature roadworksTrusted): the classification is
 * the confirmation. The false returns confirmation exists for (gantries, bridges, signs, manhole
 * covers) are radar returns the camera does not name as a cone or a barrier; and a barrier in the
 * lane closes it, with its taper of cones (too small to be named far out) in front of it, so
 * waiting for the firm-stop distance of the barrier leaves none for the cones. */
@inline function namedRoadworks(features: i32): bool {
  return (features & FEATURE_ROADWORKS_TRUSTED) != 0 && (wk.leadKind == KIND_CONE || wk.leadKind == KIND_BARRIER);
}

/** Sets wk.leadCandidate: a stationary object, never seen moving, further than a firm stop needs. */
export function confirmStationary(features: i32): void {
  wk.leadCandidate = false;
  wk.throttleHeld = false;
  if ((features & FEATURE_STATIONARY_CONFIRMATION) == 0) return;
  // Reached within the horizon the OTA envelope holds every version to (host/ota/swap/envelope.ts),
  // confirmed or not, trusted range or not: the pilot does not accelerate toward a stationary return.
  // The measured closing speed, not only the ego's: the envelope judges on what the sensor reported.
  const closingMps = Math.max(wk.egoSpeedMps, -wk.leadRelSpeedMps);
  wk.throttleHeld = wk.leadPresent && wk.leadStationary && wk.leadDistM < closingMps * THROTTLE_HOLD_HORIZON_S;
  if (!wk.leadActed || !wk.leadStationary || st.leadSeenMoving != 0 || st.aebLatched != 0 || namedRoadworks(features)) return;
  wk.leadCandidate = wk.leadDistM > stopDistanceM(wk.egoSpeedMps, warningLeadLeftS(), cal.confirmStopDecelMps2);
}
