// False stationary returns: overhead gantries and bridges, roadside signs, manhole covers. A radar
// sees each as a stationary object in the lane from some distance until its elevation or angle
// resolves it closer in. Positions follow a Poisson process along the road (a rate per km), drawn
// lazily ahead of the ego from their own seeded stream, in a fixed pool: no allocation per cycle.
import { Random } from '../random.js';
import { GHOST_KINDS, GHOST_WINDOWS, type GhostKind } from './config.js';

export const GHOST_SLOTS = 8;
const FARTHEST_APPEAR_M = Math.max(...GHOST_KINDS.map((k) => GHOST_WINDOWS[k].appearM[1]));

export class GhostField {
  /** Road position of each slot's return, and the window (distance ahead) in which it is seen. */
  readonly xM = new Float64Array(GHOST_SLOTS);
  readonly appearM = new Float64Array(GHOST_SLOTS);
  readonly vanishM = new Float64Array(GHOST_SLOTS);
  readonly kindIndex = new Int8Array(GHOST_SLOTS).fill(-1);
  private readonly rng: Random;
  private nextXM: number;

  constructor(readonly perKm: number, private readonly kinds: readonly GhostKind[], seed: number) {
    // A stream of its own: switching ghosts on does not change the objects' noise sequence.
    this.rng = new Random((seed ^ 0x9e3779b9) >>> 0);
    this.nextXM = perKm > 0 ? this.gapM() : Infinity;
  }

  private gapM(): number { return -Math.log(1 - this.rng.next()) * 1000 / this.perKm; }
  private uniform([lo, hi]: [number, number]): number { return lo + (hi - lo) * this.rng.next(); }

  /** Frees returns the ego has passed and places new ones coming into range. */
  update(egoXM: number): void {
    for (let i = 0; i < GHOST_SLOTS; i++) if (this.kindIndex[i] >= 0 && this.xM[i] - egoXM < this.vanishM[i]) this.kindIndex[i] = -1;
    while (this.nextXM - egoXM <= FARTHEST_APPEAR_M) {
      const slot = this.kindIndex.indexOf(-1);
      const k = (this.rng.next() * this.kinds.length) | 0;
      const w = GHOST_WINDOWS[this.kinds[k]];
      const appearM = this.uniform(w.appearM);
      const vanishM = Math.min(this.uniform(w.vanishM), appearM);
      if (slot >= 0 && this.nextXM - egoXM > vanishM) {
        this.xM[slot] = this.nextXM;
        this.appearM[slot] = appearM;
        this.vanishM[slot] = vanishM;
        this.kindIndex[slot] = GHOST_KINDS.indexOf(this.kinds[k]);
      }
      this.nextXM += this.gapM();
    }
  }

  /** Distance ahead of the ego at which slot `i` returns now, or −1 when it does not. */
  distanceM(i: number, egoXM: number): number {
    if (this.kindIndex[i] < 0) return -1;
    const d = this.xM[i] - egoXM;
    return d <= this.appearM[i] && d >= this.vanishM[i] ? d : -1;
  }
}
