// Phantom braking: autonomous braking harder than 2 m/s² for an object the firmware acts on while
// nothing real is in the ego path (slowing for a speed cap, a curve or a zone is not one).
// The trade-off behind the recall: a pilot that acts on far stationary returns stops for real
// obstacles sooner but also brakes for gantries, bridges and signs. Counted per episode.
import type { Ego, SimObject } from './world.js';

/** Autonomous deceleration above this is a braking event a driver notices (ISO 15622's 3.5 m/s²
 * ACC ceiling is for wanted braking; 2 m/s² is openpilot's comfort-braking order of magnitude). */
export const PHANTOM_DECEL_MPS2 = 2;
/** A real in-path object justifies braking when it is this close in time… */
const JUSTIFIED_TTC_S = 8;
/** …or inside a following distance of this time gap plus a margin. */
const JUSTIFIED_GAP_S = 3;
const JUSTIFIED_MARGIN_M = 10;

export interface PhantomBrake { tS: number; durationS: number; peakDecelMps2: number }

/** …or braking so hard that stopping behind it, where it will stop, already needs this much. */
const JUSTIFIED_STOP_DECEL_MPS2 = 1;
/** Object deceleration above which it counts as braking [m/s²]. */
const BRAKING_OBJECT_MPS2 = 0.5;

/** True when a real object in the ego path is a reason to brake: close, closing fast, or braking
 * hard enough that the ego must already slow to stop behind the point where it will stand. */
export function brakingJustified(inPath: SimObject | null, ego: Ego): boolean {
  if (!inPath) return false;
  const gapM = inPath.gapM(ego);
  if (gapM < JUSTIFIED_GAP_S * ego.speedMps + JUSTIFIED_MARGIN_M || inPath.ttcS(ego) < JUSTIFIED_TTC_S) return true;
  if (inPath.accelMps2 >= -BRAKING_OBJECT_MPS2) return false;
  const objectStopsAfterM = inPath.speedMps * inPath.speedMps / (2 * -inPath.accelMps2);
  const roomM = Math.max(gapM + objectStopsAfterM - JUSTIFIED_MARGIN_M, 0.1);
  return ego.speedMps * ego.speedMps / (2 * roomM) > JUSTIFIED_STOP_DECEL_MPS2;
}

/** Collects phantom-brake episodes cycle by cycle (no allocation except one record per episode).
 * A braking episode (demand above 2 m/s² for an object) is judged when it starts: braking that
 * began for a real object stays justified until it ends, even when the ego, slowing for that
 * object, stops further back than the following-distance window. A brake demand while the ego
 * stands still holds it and decelerates nothing, so it is never a phantom brake. */
export class PhantomBrakeLog {
  readonly episodes: PhantomBrake[] = [];
  private open: PhantomBrake | null = null;
  private braking = false;
  /** Last time a real object justified braking (−∞: never). */
  private justifiedAtS = -Infinity;

  /** `informationAgeS`: how old the newest picture of the world the ECU can have is — the
   * perception's latency plus its tracker's acceleration time constant. Braking that starts within
   * that time after an object stopped justifying it (a lead that ends its hard braking) was decided
   * on what the perception could still report, and is not counted: judging it against the
   * world's state of the same cycle asks the ECU to know what no sensor has told it yet. */
  constructor(private readonly informationAgeS = 0) {}

  /** `autonomousDecelMps2`: the ECU's braking demand when it controls the car and the driver does
   * not brake (0 otherwise, and 0 in a minimal-risk manoeuvre, whose deceleration is planned);
   * `actingOnObject`: the firmware reports a threat (a finite TTC, a warning or emergency braking)
   * — braking with no object behind it is a cap, a curve or an MRM. */
  update(tS: number, autonomousDecelMps2: number, actingOnObject: boolean, inPath: SimObject | null, ego: Ego): void {
    // Judged at the precision it is reported with (mm/s²): 2.0004 m/s² is not above 2. A demand
    // of at most 2 rounds to at most 2.000, so it needs no rounding (no string per cycle).
    const decelMps2 = autonomousDecelMps2 > PHANTOM_DECEL_MPS2 ? +autonomousDecelMps2.toFixed(3) : 0;
    const braking = decelMps2 > PHANTOM_DECEL_MPS2 && actingOnObject && ego.speedMps > 0;
    if (brakingJustified(inPath, ego)) this.justifiedAtS = tS;
    if (!braking) {
      this.braking = false;
      this.open = null;
      return;
    }
    if (!this.braking) {
      this.braking = true;
      if (tS - this.justifiedAtS > this.informationAgeS + 1e-9) {
        this.open = { tS: +tS.toFixed(2), durationS: 0, peakDecelMps2: 0 };
        this.episodes.push(this.open);
      }
    }
    if (this.open) {
      this.open.durationS = +(tS - this.open.tS).toFixed(2);
      this.open.peakDecelMps2 = Math.max(this.open.peakDecelMps2, decelMps2);
    }
  }
}

export interface DriveRates { distanceKm: number; phantomBrakes: number; collisions: number; phantomBrakesPer1000Km: number; collisionsPer1000Km: number }

/** Phantom brakes and collisions per 1,000 km over a set of runs (the recall's trade-off in two figures). */
export function ratesPer1000Km(runs: readonly { distanceKm: number; phantomBrakes: readonly PhantomBrake[]; collision: boolean }[]): DriveRates {
  const distanceKm = runs.reduce((sum, r) => sum + r.distanceKm, 0);
  const phantomBrakes = runs.reduce((sum, r) => sum + r.phantomBrakes.length, 0);
  const collisions = runs.filter((r) => r.collision).length;
  const per = (count: number) => (distanceKm > 0 ? +(count / distanceKm * 1000).toFixed(1) : 0);
  return { distanceKm: +distanceKm.toFixed(3), phantomBrakes, collisions, phantomBrakesPer1000Km: per(phantomBrakes), collisionsPer1000Km: per(collisions) };
}
