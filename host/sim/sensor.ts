// Sensor model: separate detection ranges for moving and stationary objects, perception
// latency, seeded noise and dropouts, and injected faults on any input signal.
import { OBJECT_KINDS } from '../../abi/signals.js';
import { IN } from '../ecu/abi-views.js';
import { Random } from './random.js';
import type { Scenario, SensorFault } from './scenario.js';
import type { Ego, SimObject } from './world.js';

interface Measurement { valid: number; distM: number; relSpeedMps: number; accelMps2: number; kind: number }
const NONE: Measurement = { valid: 0, distM: 0, relSpeedMps: 0, accelMps2: 0, kind: 0 };

export class SensorModel {
  readonly movingRangeM: number;
  readonly stationaryRangeM: number;
  private readonly delay: Measurement[];
  private delayHead = 0;
  private readonly rng: Random;
  private readonly distNoiseM: number;
  private readonly speedNoiseMps: number;
  private readonly dropoutRate: number;
  private readonly faults: (SensorFault & { slot: number; heldValue?: number })[];

  constructor(spec: Scenario['sensors'] = {}) {
    this.movingRangeM = spec.movingRangeM ?? 200;
    this.stationaryRangeM = spec.stationaryRangeM ?? 150;
    this.delay = new Array(Math.max(1, Math.round((spec.latencyMs ?? 50) / 10) + 1)).fill(NONE);
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

  private measure(objects: SimObject[], ego: Ego): Measurement {
    const o = SensorModel.nearestInPath(objects, ego, this.movingRangeM, this.stationaryRangeM);
    // Draw the noise every cycle so a seed gives the same sequence whatever is in view.
    const dn = this.rng.gaussian() * this.distNoiseM;
    const vn = this.rng.gaussian() * this.speedNoiseMps;
    const dropped = this.rng.next() < this.dropoutRate;
    if (!o || dropped) return NONE;
    return {
      valid: 1,
      distM: Math.max(o.gapM(ego) + dn, 0),
      relSpeedMps: o.speedMps - ego.speedMps + vn,
      accelMps2: o.accelMps2,
      kind: OBJECT_KINDS.indexOf(o.spec.kind),
    };
  }

  /** Writes the perception part of the frame; the rest is written by the simulation. */
  writeObject(frame: Float64Array, objects: SimObject[], ego: Ego): void {
    this.delay[this.delayHead] = this.measure(objects, ego);
    this.delayHead = (this.delayHead + 1) % this.delay.length;
    const m = this.delay[this.delayHead]; // the oldest entry: latency cycles ago
    frame[IN.leadValid] = m.valid;
    frame[IN.leadDistM] = m.distM;
    frame[IN.leadRelSpeedMps] = m.relSpeedMps;
    frame[IN.leadAccelMps2] = m.accelMps2;
    frame[IN.leadKind] = m.kind;
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
