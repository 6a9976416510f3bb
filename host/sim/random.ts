// Seeded randomness (mulberry32): the same seed gives the same drive in every runtime.
export class Random {
  /** The 32-bit state in a typed array: as a plain field, a value above 2^30 is a heap number,
   * and every draw would allocate one. */
  private readonly state = new Uint32Array(1);
  constructor(seed: number) { this.state[0] = seed >>> 0; }

  /** Uniform in [0, 1). */
  next(): number {
    const s = this.state;
    let t = (s[0] = (s[0] + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Standard normal by inverse-CDF table lookup (sensor noise every cycle: a log and a cosine per
   * draw cost more than the firmware step). Truncated at ±3.8 σ by the table's resolution. */
  gaussian(): number {
    return NORMAL_TABLE[(this.next() * TABLE_SIZE) | 0];
  }
}

const TABLE_SIZE = 8192;
/** Acklam's rational approximation of the inverse normal CDF (relative error < 1.2e-9). */
function inverseNormalCdf(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const tail = (q: number) => (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  if (p < 0.02425) return tail(Math.sqrt(-2 * Math.log(p)));
  if (p > 1 - 0.02425) return -tail(Math.sqrt(-2 * Math.log(1 - p)));
  const q = p - 0.5;
  const r = q * q;
  return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}
/** The normal value at the centre of each of TABLE_SIZE equal-probability bins. */
const NORMAL_TABLE = Float64Array.from({ length: TABLE_SIZE }, (_, i) => inverseNormalCdf((i + 0.5) / TABLE_SIZE));
