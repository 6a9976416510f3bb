// A short randomised highway drive that needs no simulator: a point-mass ego that follows the
// firmware's acceleration command and a lead car that speeds up, slows and brakes at random.
// Used for burn-in, offline trials and the campaign's per-vehicle trial drives.
import { CYCLE_S } from '../../../abi/signals.js';
import { IN, LAYOUT, OUT } from '../../ecu/abi-views.js';

/** mulberry32: tiny, seedable, good enough for test traffic. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KPH = 1 / 3.6;
const ENGAGE_AT_CYCLE = 10;
const LEAD_RESPAWN_GAP_M = 8;

export class SyntheticDrive {
  readonly frame = new Float64Array(LAYOUT.inputs.slots);
  private readonly random: () => number;
  private egoSpeedMps: number;
  private egoAccelMps2 = 0;
  private leadGapM: number;
  private leadSpeedMps: number;
  private leadAccelMps2 = 0;
  private cycle = 0;

  constructor(seed: number, private readonly setSpeedMps = (100 + (seed % 31)) * KPH) {
    this.random = rng(seed);
    this.egoSpeedMps = setSpeedMps * (0.8 + 0.2 * this.random());
    this.leadGapM = 60 + 120 * this.random();
    this.leadSpeedMps = this.egoSpeedMps * (0.8 + 0.3 * this.random());
  }

  /** Fills `frame` for the next cycle; `outputs` are the previous cycle's firmware outputs. */
  next(outputs: Float64Array | null): Float64Array {
    const f = this.frame, dt = CYCLE_S;
    if (outputs && this.cycle > 0) {
      const cmd = Number.isFinite(outputs[OUT.accelCmdMps2]) ? outputs[OUT.accelCmdMps2] : 0;
      const commanded = outputs[OUT.longControlActive] !== 0 ? Math.max(-9.5, Math.min(3, cmd)) : -0.3; // coasting drag
      this.egoAccelMps2 += (commanded - this.egoAccelMps2) * Math.min(1, dt / 0.2); // actuator lag
      this.egoSpeedMps = Math.max(0, this.egoSpeedMps + this.egoAccelMps2 * dt);
    }
    if (this.random() < 0.002) this.leadAccelMps2 = this.random() < 0.3 ? -2 - 4 * this.random() : 1.5 * (this.random() - 0.3);
    this.leadSpeedMps = Math.max(0, Math.min(40, this.leadSpeedMps + this.leadAccelMps2 * dt));
    if (this.leadSpeedMps === 0 || this.leadSpeedMps === 40) this.leadAccelMps2 = 0;
    this.leadGapM += (this.leadSpeedMps - this.egoSpeedMps) * dt;
    if (this.leadGapM < LEAD_RESPAWN_GAP_M || this.leadGapM > 250) { // the lead changes lane; a new one appears
      this.leadGapM = 80 + 100 * this.random();
      this.leadSpeedMps = this.egoSpeedMps * (0.85 + 0.25 * this.random());
      this.leadAccelMps2 = 0;
    }
    f.fill(0);
    f[IN.frameCounter] = this.cycle & 0xffff;
    f[IN.mainSwitch] = 1;
    f[IN.engageRequest] = this.cycle >= ENGAGE_AT_CYCLE && this.cycle < ENGAGE_AT_CYCLE + 5 ? 1 : 0;
    f[IN.egoSpeedMps] = this.egoSpeedMps;
    f[IN.egoAccelMps2] = this.egoAccelMps2;
    f[IN.setSpeedMps] = this.setSpeedMps;
    f[IN.timeGapSetS] = 1.45;
    f[IN.leadValid] = 1;
    f[IN.leadDistM] = this.leadGapM;
    f[IN.leadRelSpeedMps] = this.leadSpeedMps - this.egoSpeedMps;
    f[IN.leadAccelMps2] = this.leadAccelMps2;
    f[IN.leadKind] = 1; // car
    f[IN.handsOn] = 1;
    f[IN.eyesOnRoad] = 1;
    this.cycle++;
    return f;
  }
}
