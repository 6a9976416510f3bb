// Geometry that limits sight: the inside of a curve (a barrier or vegetation at a lateral
// clearance) and a crest (a vertical curve). Both are road zones; both cost a few flops.
import type { Zone } from '../scenario.js';
import { SENSOR_HEIGHT_M } from './config.js';

/** Radar field of view at long range (±9°, typical of a 77 GHz long-range radar's far beam). */
const HALF_FOV_RAD = 9 * Math.PI / 180;
export const DEFAULT_SIGHT_CLEARANCE_M = 5;

/** Sight distance along a curve of radius `radiusM` past an obstruction `clearanceM` to the side:
 * the chord that just touches the obstruction, S = √(8·R·m) (highway design's horizontal
 * sight-line offset m = S²/8R), and no further than the radar's field of view reaches, 2·R·sin(fov). */
export function curveSightM(radiusM: number, clearanceM: number): number {
  return Math.min(Math.sqrt(8 * radiusM * clearanceM), 2 * radiusM * Math.sin(HALF_FOV_RAD));
}

/** How far ahead of `xM` the curves let the sensor see (Infinity: no curve limits it). The straight
 * up to a curve is seen in full; into the curve, the curve's sight distance. */
export function curveSightLimitM(curves: readonly Zone[], xM: number): number {
  let limit = Infinity;
  for (let i = 0; i < curves.length; i++) {
    const z = curves[i];
    if (z.endM <= xM) continue;
    const toStartM = Math.max(z.startM - xM, 0);
    if (toStartM > limit) break;
    limit = Math.min(limit, toStartM + curveSightM(z.radiusM!, z.sightClearanceM ?? DEFAULT_SIGHT_CLEARANCE_M));
  }
  return limit;
}

/** Road elevation of one crest zone at `xM`: an up-grade, a parabolic vertical curve of radius R
 * over the zone, a down-grade (grades ±L/2R, so the apex is mid-zone; elevation 0 at both ends). */
function crestElevationM(z: Zone, xM: number): number {
  const r = z.radiusM!;
  const grade = (z.endM - z.startM) / (2 * r);
  if (xM <= z.startM) return grade * (xM - z.startM);
  if (xM >= z.endM) return -grade * (xM - z.endM);
  const u = xM - z.startM;
  return grade * u - u * u / (2 * r);
}

/** Whether a sight line from the sensor at `fromM` to the top `heightM` of an object at `toM`
 * clears one crest. The clearance line − road is convex, so its minimum is where the road's
 * slope equals the line's: one point to check. */
function clearsCrest(z: Zone, fromM: number, toM: number, heightM: number): boolean {
  if (toM <= z.startM || fromM >= z.endM || toM <= fromM) return true;
  const z0 = crestElevationM(z, fromM) + SENSOR_HEIGHT_M;
  const z1 = crestElevationM(z, toM) + heightM;
  const slope = (z1 - z0) / (toM - fromM);
  const grade = (z.endM - z.startM) / (2 * z.radiusM!);
  const xStar = Math.min(Math.max(z.startM + z.radiusM! * (grade - slope), z.startM), z.endM);
  if (xStar <= fromM || xStar >= toM) return true;
  return z0 + slope * (xStar - fromM) >= crestElevationM(z, xStar);
}

/** Whether an object of `heightM` at road position `toM` is visible over every crest. */
export function visibleOverCrests(crests: readonly Zone[], fromM: number, toM: number, heightM: number): boolean {
  for (let i = 0; i < crests.length; i++) if (!clearsCrest(crests[i], fromM, toM, heightM)) return false;
  return true;
}

/** The farthest distance (≤ maxM) at which an object of `heightM` is visible over the crests
 * ahead (bisection; called a few times a second, only when a crest is within `maxM`). */
export function crestSightLimitM(crests: readonly Zone[], xM: number, heightM: number, maxM: number): number {
  if (!crests.some((z) => z.endM > xM && z.startM < xM + maxM)) return Infinity;
  if (visibleOverCrests(crests, xM, xM + maxM, heightM)) return Infinity;
  let lo = 0, hi = maxM;
  for (let i = 0; i < 24; i++) {
    const mid = (lo + hi) / 2;
    if (visibleOverCrests(crests, xM, xM + mid, heightM)) lo = mid; else hi = mid;
  }
  return lo;
}
