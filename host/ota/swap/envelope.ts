// The physical envelope a new version is held to in its shadow run, its trial and after it —
// faults inside the declared output ranges that the range watchdog cannot see:
//   throttle into a closing obstacle: an acceleration command above a small positive threshold
//     while an object ahead closes with a time to collision inside the FCW horizon, unless the
//     throttle is already coming off at the ISO jerk;
//   a command step beyond the actuator's rate: a rise steeper than the powertrain, or braking
//     built faster than the brake actuator (releasing the throttle is always allowed) — except
//     an emergency demand: with emergency braking on and an object ahead closing inside the FCW
//     horizon (enhanced TTC: the object's own braking counted, as Euro NCAP does), the demand may
//     step (the brake actuator sets its own rise; 1.1.0 aebDirectDemand steps only there), so a
//     step to hard braking with nothing closing ahead (a phantom slam) is still a fault;
//   (shadow only) sustained disagreement with the running version: the candidate commanding
//     more acceleration than the fielded version by more than a band for longer than a time.
import { CYCLE_S, INPUTS } from '../../../abi/signals.js';
import { IN, OUT } from '../../ecu/abi-views.js';

export const ENVELOPE = {
  /** Above this the command is throttle, not coasting or holding speed. */
  throttleMps2: 0.2,
  /** openpilot's FCW looks 5 s ahead (domain.md §3): an object closing within it must not be driven at. */
  fcwHorizonS: 5,
  /** Brake build-up outside emergency braking: the rate the firmware ramps warning-stage braking at (assembly/index.ts HAZARD_JERK_MPS3). */
  brakeRateMps3: 50,
  /** Powertrain: ACC jerk is ≤ 5 m/s³ (ISO 15622); ten times that is a step no drive train follows. */
  throttleRateMps3: 50,
  /** A throttle falling at least this fast is being released (ISO 15622's 2.5 m/s³ at speed, less margin). */
  throttleReleaseMps3: 2,
  /** One cycle of rounding margin on each rate. */
  rateToleranceMps2: 0.05,
  /** Calibrated on 40 synthetic drives × 120 s: 1.0.0 and 1.1.0 never differ by more than 0 m/s² there. */
  disagreeBandMps2: 1.0,
  disagreeTimeS: 1.0,
} as const;

export type EnvelopeFault = 'throttle-into-obstacle' | 'actuator-rate' | 'disagreement';

const MAX_RISE_MPS2 = ENVELOPE.throttleRateMps3 * CYCLE_S + ENVELOPE.rateToleranceMps2;
const MAX_BRAKE_STEP_MPS2 = ENVELOPE.brakeRateMps3 * CYCLE_S + ENVELOPE.rateToleranceMps2;
const MIN_RELEASE_STEP_MPS2 = ENVELOPE.throttleReleaseMps3 * CYCLE_S - 1e-9;
const DISAGREE_CYCLES = Math.round(ENVELOPE.disagreeTimeS / CYCLE_S);

/** Enhanced time to collision (Euro NCAP): when the gap first closes if the object keeps braking
 * as it does now; Infinity when it never does. The firmware's direct emergency demand uses the same
 * figure (assembly/hazard.ts enhancedTtcS). */
export function enhancedTtcS(gapM: number, closingMps: number, leadDecelMps2: number): number {
  if (leadDecelMps2 > 1e-3) return (Math.sqrt(closingMps * closingMps + 2 * leadDecelMps2 * Math.max(gapM, 0)) - closingMps) / leadDecelMps2;
  return closingMps > 0.1 ? Math.max(gapM, 0) / closingMps : Infinity;
}

const LEAD_ACCEL_MAX_MPS2 = INPUTS.find((s) => s.name === 'leadAccelMps2')!.max;

/** The object's braking as the frame reports it; a value outside the declared range is no braking
 * (a faulty frame must not widen the emergency exemption). */
function leadDecelMps2(frame: Float64Array): number {
  const a = frame[IN.leadAccelMps2];
  return Number.isFinite(a) && Math.abs(a) <= LEAD_ACCEL_MAX_MPS2 ? Math.max(-a, 0) : 0;
}

export interface EnvelopeViolation { fault: EnvelopeFault; detail: string }

/** Per-instance memory of the last command; call `check` once per cycle with the frame the version saw. */
export class EnvelopeMonitor {
  private prevCmd = 0;
  private prevActive = false;

  reset(): void { this.prevCmd = 0; this.prevActive = false; }

  /** Starts from the outputs the previous version last applied (a swap must not hide a step). */
  prime(outputs: Float64Array): void {
    this.prevCmd = outputs[OUT.accelCmdMps2];
    this.prevActive = outputs[OUT.longControlActive] !== 0;
  }

  check(frame: Float64Array, outputs: Float64Array): EnvelopeViolation | null {
    const cmd = outputs[OUT.accelCmdMps2];
    const active = outputs[OUT.longControlActive] !== 0;
    const prev = this.prevCmd, wasActive = this.prevActive;
    this.prevCmd = cmd;
    this.prevActive = active;
    if (!active) return null; // the command is not applied
    const closingMps = -frame[IN.leadRelSpeedMps];
    const gapM = frame[IN.leadDistM];
    const closingAhead = frame[IN.leadValid] !== 0 && closingMps > 0 && gapM < closingMps * ENVELOPE.fcwHorizonS;
    // A throttle already coming off at the ISO jerk is being released, not driven at the obstacle:
    // an object first seen inside the horizon cannot be answered faster within the comfort limits.
    const releasing = wasActive && prev - cmd >= MIN_RELEASE_STEP_MPS2;
    if (cmd > ENVELOPE.throttleMps2 && closingAhead && !releasing) {
      return { fault: 'throttle-into-obstacle', detail: `accelCmdMps2 = ${cmd.toFixed(2)} with an object ${gapM.toFixed(1)} m ahead closing at ${closingMps.toFixed(1)} m/s (TTC ${(gapM / closingMps).toFixed(1)} s < ${ENVELOPE.fcwHorizonS} s)` };
    }
    if (wasActive) {
      if (cmd - prev > MAX_RISE_MPS2) return { fault: 'actuator-rate', detail: `accelCmdMps2 rose ${prev.toFixed(2)} → ${cmd.toFixed(2)} in one cycle (> ${ENVELOPE.throttleRateMps3} m/s³)` };
      const brakeFrom = Math.min(prev, 0);
      const emergencyDemand = outputs[OUT.aebActive] !== 0 && frame[IN.leadValid] !== 0 &&
        enhancedTtcS(gapM, closingMps, leadDecelMps2(frame)) < ENVELOPE.fcwHorizonS;
      if (brakeFrom - cmd > MAX_BRAKE_STEP_MPS2 && !emergencyDemand) return { fault: 'actuator-rate', detail: `accelCmdMps2 fell ${prev.toFixed(2)} → ${cmd.toFixed(2)} in one cycle (> ${ENVELOPE.brakeRateMps3} m/s³)` };
    }
    return null;
  }
}

/** Shadow only: the candidate more aggressive than the running version, beyond the band, for too long. */
export class DisagreementMonitor {
  private streak = 0;

  reset(): void { this.streak = 0; }

  check(candidate: Float64Array, running: Float64Array): EnvelopeViolation | null {
    const excess = candidate[OUT.accelCmdMps2] - running[OUT.accelCmdMps2];
    this.streak = excess > ENVELOPE.disagreeBandMps2 ? this.streak + 1 : 0;
    if (this.streak < DISAGREE_CYCLES) return null;
    return { fault: 'disagreement', detail: `commanded ${excess.toFixed(2)} m/s² more than the running version for ${ENVELOPE.disagreeTimeS} s (band ${ENVELOPE.disagreeBandMps2} m/s²)` };
  }
}
