// Track state, one slot per real object and per false-return slot (struct of arrays, no
// allocation per cycle): confirmation after a few detections, coasting through short misses,
// and an acceleration estimate from the filtered over-ground speed (ego speed + measured relative
// speed), as a tracker gives: late and smoothed, never the true value. Filtering the over-ground
// speed keeps the ego's own braking out of the object's estimated acceleration.
import { CYCLE_S } from '../../../abi/signals.js';

/** Time constant of the speed smoothing the acceleration is differentiated from [s]. */
const SPEED_FILTER_S = 0.1;

export class Tracks {
  readonly hits: Int32Array;
  readonly misses: Int32Array;
  /** A uniform draw made when the track is born: decides misclassification for its lifetime. */
  readonly classDraw: Float64Array;
  /** Smoothed over-ground speed and the acceleration estimated from it. */
  readonly speedMps: Float64Array;
  readonly accelMps2: Float64Array;
  /** The last measured relative speed (with noise). */
  readonly measuredRelSpeedMps: Float64Array;
  private readonly speedGain = CYCLE_S / SPEED_FILTER_S;
  private readonly accelGain: number;

  constructor(readonly count: number, readonly confirmCycles: number, readonly coastCycles: number, accelTimeConstantS: number) {
    this.hits = new Int32Array(count);
    this.misses = new Int32Array(count).fill(coastCycles + 1);
    this.classDraw = new Float64Array(count);
    this.speedMps = new Float64Array(count);
    this.accelMps2 = new Float64Array(count);
    this.measuredRelSpeedMps = new Float64Array(count);
    this.accelGain = Math.min(CYCLE_S / accelTimeConstantS, 1);
  }

  alive(i: number): boolean { return this.misses[i] <= this.coastCycles; }
  /** Reported once it has `neededCycles` detections (stationary objects need longer: camera confirmation). */
  confirmed(i: number, neededCycles = this.confirmCycles): boolean { return this.alive(i) && this.hits[i] >= neededCycles; }

  /** A detection with measured relative speed; `classDraw` is used only when the track is born. */
  detect(i: number, relSpeedMps: number, egoSpeedMps: number, classDraw: number): void {
    this.measuredRelSpeedMps[i] = relSpeedMps;
    const speedMps = egoSpeedMps + relSpeedMps;
    if (!this.alive(i)) {
      this.hits[i] = 0;
      this.classDraw[i] = classDraw;
      this.speedMps[i] = speedMps;
      this.accelMps2[i] = 0;
    } else {
      const before = this.speedMps[i];
      this.speedMps[i] = before + (speedMps - before) * this.speedGain;
      const rawAccel = (this.speedMps[i] - before) / CYCLE_S;
      this.accelMps2[i] += (rawAccel - this.accelMps2[i]) * this.accelGain;
    }
    this.hits[i] += 1;
    this.misses[i] = 0;
  }

  miss(i: number): void {
    if (this.misses[i] <= this.coastCycles) this.misses[i] += 1;
  }
}
