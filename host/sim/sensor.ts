// Sensor model: separate detection ranges for moving and stationary objects, perception
// latency, seeded noise and dropouts, and injected faults on any input signal.
import { IN } from '../ecu/abi-views.js';
import { Random } from './random.js';
import type { Scenario, SensorFault } from './scenario.js';
import type { Ego, SimObject } from './world.js';

// One delayed measurement: valid, distM, relSpeedMps, accelMps2, kind (a flat ring: no allocation per cycle).
const FIELDS = 5;

export class SensorModel {
  readonly movingRangeM: number;
  readonly stationaryRangeM: number;
  /** What the perception reports as its reliable stationary-detection range (input stationaryDetectRangeM). */
  reportedStationaryRangeM: number;
  private readonly delay: Float64Array;
  private readonly delaySlots: number;
  private delayHead = 0;
  private readonly rng: Random;
  private readonly distNoiseM: number;
  private readonly speedNoiseMps: number;
  private readonly dropoutRate: number;
  private readonly faults: (SensorFault & { slot: number; heldValue?: number })[];

  constructor(spec: Scenario['sensors'] = {}) {
    this.movingRangeM = spec.movingRangeM ?? 200;
    this.stationaryRangeM = spec.stationaryRangeM ?? 150;
    this.reportedStationaryRangeM = this.stationaryRangeM;
    this.delaySlots = Math.max(1, Math.round((spec.latencyMs ?? 50) / 10) + 1);
    this.delay = new Float64Array(this.delaySlots * FIELDS);
    this.rng = new Random(spec.seed ?? 1);
    this.distNoiseM = spec.distNoiseM ?? 0.1;
    this.speedNoiseMps = spec.speedNoiseMps ?? 0.05;
    this.dropoutRate = spec.dropoutRate ?? 0;
    this.faults = (spec.faults ?? []).map((f) => ({ ...f, slot: IN[f.signal as keyof typeof IN] }));
  }

  /** The nearest in-path object the sensors can see now (before latency). */
  static nearestInPath(objects: SimObject[], ego: Ego, movingRangeM: number, stationaryRangeM: number): SimObject | null {
    let best: SimObject | null = null;
    for (const o of objects) {
      const gap = o.gapM(ego);
      if (gap < 0 || !o.overlaps(ego)) continue;
      if (gap > (o.stationary ? stationaryRangeM : movingRangeM)) continue;
      if (!best || gap < best.gapM(ego)) best = o;
    }
    return best;
  }

  /** Measures the nearest in-path object into ring slot `at` (all zeros when nothing is seen). */
  private measureInto(at: number, objects: SimObject[], ego: Ego): void {
    const o = SensorModel.nearestInPath(objects, ego, this.movingRangeM, this.stationaryRangeM);
    // Draw the noise every cycle so a seed gives the same sequence whatever is in view.
    const dn = this.rng.gaussian() * this.distNoiseM;
    const vn = this.rng.gaussian() * this.speedNoiseMps;
    const dropped = this.rng.next() < this.dropoutRate;
    const d = this.delay;
    if (!o || dropped) { d.fill(0, at, at + FIELDS); return; }
    d[at] = 1;
    d[at + 1] = Math.max(o.gapM(ego) + dn, 0);
    d[at + 2] = o.speedMps - ego.speedMps + vn;
    d[at + 3] = o.accelMps2;
    d[at + 4] = o.kindIndex;
  }

  /** Writes the perception part of the frame; the rest is written by the simulation. */
  writeObject(frame: Float64Array, objects: SimObject[], ego: Ego): void {
    this.measureInto(this.delayHead * FIELDS, objects, ego);
    this.delayHead = (this.delayHead + 1) % this.delaySlots;
    const at = this.delayHead * FIELDS; // the oldest entry: latency cycles ago
    const d = this.delay;
    frame[IN.leadValid] = d[at];
    frame[IN.leadDistM] = d[at + 1];
    frame[IN.leadRelSpeedMps] = d[at + 2];
    frame[IN.leadAccelMps2] = d[at + 3];
    frame[IN.leadKind] = d[at + 4];
  }

  /** Overwrites signals with the scheduled faults (NaN, ±∞, a value, or frozen). */
  applyFaults(frame: Float64Array, tS: number): void {
    for (const f of this.faults) {
      const active = tS >= f.atS && (f.durationS === undefined || tS < f.atS + f.durationS);
      if (!active) { f.heldValue = undefined; continue; }
      if (f.value === 'frozen') {
        f.heldValue ??= frame[f.slot];
        frame[f.slot] = f.heldValue;
      } else {
        frame[f.slot] = typeof f.value === 'number' ? f.value : Number(f.value);
      }
    }
  }
}
