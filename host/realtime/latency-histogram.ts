// Preallocated log-linear histogram of integer nanoseconds: recording is a few integer ops and
// one array increment (no allocation), so it can sit inside a timed loop. Values below 2,048 ns
// are exact; above, each power of two is split into 1,024 buckets (≤ 0.1 % error).
const SUB_BITS = 10;
const SUB = 1 << SUB_BITS;
const BUCKETS = (32 - SUB_BITS + 1) * SUB;
const MAX_NS = 0xffffffff;

export interface LatencySummary { count: number; p50: number; p99: number; p999: number; max: number; mean: number }

export class LatencyHistogram {
  readonly counts = new Float64Array(BUCKETS);
  count = 0;
  maxNs = 0;
  sumNs = 0;

  record(ns: number): void {
    const v = ns <= 0 ? 0 : ns >= MAX_NS ? MAX_NS : Math.round(ns) >>> 0;
    let idx: number;
    if (v < 2 * SUB) idx = v;
    else {
      const shift = 31 - Math.clz32(v) - SUB_BITS;
      idx = (shift + 1) * SUB + (v >>> shift) - SUB;
    }
    this.counts[idx]++;
    this.count++;
    this.sumNs += v;
    if (v > this.maxNs) this.maxNs = v;
  }

  /** Smallest recorded value v such that a fraction q of the records are ≤ v (bucket midpoint). */
  quantile(q: number): number {
    if (this.count === 0) return 0;
    if (q >= 1) return this.maxNs;
    const target = Math.max(1, Math.ceil(q * this.count));
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.counts[i];
      if (seen >= target) return Math.min(bucketMidNs(i), this.maxNs);
    }
    return this.maxNs;
  }

  summary(): LatencySummary {
    return {
      count: this.count, p50: this.quantile(0.5), p99: this.quantile(0.99), p999: this.quantile(0.999),
      max: this.maxNs, mean: this.count ? this.sumNs / this.count : 0,
    };
  }

  reset(): void { this.counts.fill(0); this.count = 0; this.maxNs = 0; this.sumNs = 0; }
}

function bucketMidNs(idx: number): number {
  if (idx < 2 * SUB) return idx;
  const shift = Math.floor(idx / SUB) - 1;
  const low = ((idx % SUB) + SUB) * 2 ** shift;
  return low + (2 ** shift - 1) / 2;
}
