// Seeded fault injection on the rig's send path: drops, repeats, reordering (swap with the next
// frame), delays and bit flips. Faults are isolated (after one, the next `spacing` frames go clean)
// so every injected fault maps to exactly one receiver classification; the log says which.
import { Random } from '../sim/random.js';

export interface FaultRates {
  drop?: number; repeat?: number; reorder?: number; corrupt?: number;
  /** Fraction of frames held back `delayMs` and sent after at least one newer frame. */
  delay?: number; delayMs?: number;
  seed?: number;
}

export interface FaultCounts { frames: number; drop: number; repeat: number; reorder: number; corrupt: number; delay: number }

export interface Outgoing { bytes: Uint8Array; notBeforeMs?: number }

/** Frames after a fault that stay clean (a reorder touches three counter steps: k+1, k, k+2). */
const SPACING = 3;

/** A refusal of nonsensical rates, as a message (the CLI and the rig check before starting). */
export function faultRateProblem(rates: FaultRates): string | null {
  try { new FaultInjector(rates); return null; } catch (e) { return (e as Error).message; }
}

export class FaultInjector {
  readonly counts: FaultCounts = { frames: 0, drop: 0, repeat: 0, reorder: 0, corrupt: 0, delay: 0 };
  private readonly rng: Random;
  private held: Uint8Array | null = null;
  private clean = SPACING;

  constructor(readonly rates: FaultRates = {}) {
    for (const [k, v] of Object.entries(rates)) {
      if (k === 'seed' || k === 'delayMs' || v === undefined) continue;
      if (typeof v !== 'number' || !(v >= 0 && v <= 1)) throw new RangeError(`fault rate ${k} must be within 0…1 (got ${v})`);
    }
    this.rng = new Random(rates.seed ?? 1);
  }

  get active(): boolean {
    const r = this.rates;
    return Boolean(r.drop || r.repeat || r.reorder || r.corrupt || r.delay);
  }

  /** The datagrams to send for this frame, in order (the frame itself may come later or never). */
  push(frame: Uint8Array, nowMs = 0): Outgoing[] {
    this.counts.frames++;
    const out: Outgoing[] = [];
    // One draw per frame whatever happens, so a seed gives one fault sequence.
    const u = this.rng.next();
    const bit = this.rng.next();
    if (this.held) {
      out.push({ bytes: frame }, { bytes: this.held });
      this.held = null;
      this.clean = 0;
      return out;
    }
    const r = this.rates;
    let fault: keyof Omit<FaultCounts, 'frames'> | null = null;
    if (this.clean >= SPACING) {
      let acc = 0;
      for (const k of ['drop', 'repeat', 'reorder', 'corrupt', 'delay'] as const) {
        acc += r[k] ?? 0;
        if (u < acc) { fault = k; break; }
      }
    }
    this.clean = fault ? 0 : this.clean + 1;
    if (fault) this.counts[fault]++;
    switch (fault) {
      case 'drop': return out;
      case 'repeat': return [{ bytes: frame }, { bytes: frame }];
      case 'reorder': this.held = frame; return out;
      case 'corrupt': {
        const copy = Uint8Array.from(frame);
        const at = Math.floor(bit * copy.length * 8);
        copy[at >> 3] ^= 1 << (at & 7);
        return [{ bytes: copy }];
      }
      case 'delay': return [{ bytes: frame, notBeforeMs: nowMs + (r.delayMs ?? 20) }];
      default: return [{ bytes: frame }];
    }
  }
}
