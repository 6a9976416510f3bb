// Rates per 10⁶ km with exact (Garwood) Poisson confidence intervals: a count k over a distance
// gives λ̂ = k / km; the 95 % interval bounds are the rates at which seeing ≤ k (upper) or ≥ k
// (lower) events would have a 2.5 % chance. Zero events still give an upper bound (the "rule of
// three": 3.69 per the driven distance at 95 %), which is what a release decision needs.

/** ln P(X ≤ k) for X ~ Poisson(λ), summed in log space (k up to millions stays exact enough). */
function logPoissonCdf(k: number, lambda: number): number {
  if (lambda <= 0) return 0;
  let logTerm = -lambda; // ln P(X = 0)
  let logSum = logTerm;
  for (let i = 1; i <= k; i++) {
    logTerm += Math.log(lambda) - Math.log(i);
    const hi = Math.max(logSum, logTerm);
    logSum = hi + Math.log(Math.exp(logSum - hi) + Math.exp(logTerm - hi));
  }
  return Math.min(logSum, 0);
}

/** Finds λ where f(λ) crosses 0 (f decreasing in λ) by bisection. */
function bisect(f: (lambda: number) => number, lo: number, hi: number): number {
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (f(mid) > 0) lo = mid; else hi = mid;
    if (hi - lo < 1e-12 * Math.max(1, hi)) break;
  }
  return (lo + hi) / 2;
}

/** Exact two-sided (1 − alpha) interval for a Poisson mean given one observed count. */
export function poissonInterval(k: number, alpha = 0.05): { lower: number; upper: number } {
  const tail = Math.log(alpha / 2);
  const hiBound = k + 20 * Math.sqrt(k + 1) + 20;
  const upper = bisect((l) => logPoissonCdf(k, l) - tail, 0, hiBound);
  // P(X ≥ k) = 1 − P(X ≤ k − 1) rises with λ: find where it equals alpha/2.
  const lower = k === 0 ? 0 : bisect((l) => Math.log(alpha / 2) - Math.log1p(-Math.exp(logPoissonCdf(k - 1, l))), 0, hiBound);
  return { lower, upper };
}

export interface Rate { count: number; perMillionKm: number; ci95: [number, number] }

export function ratePerMillionKm(count: number, km: number): Rate {
  const scale = km > 0 ? 1e6 / km : NaN;
  const { lower, upper } = poissonInterval(count);
  const r = (x: number) => +(x * scale).toPrecision(4);
  return { count, perMillionKm: r(count), ci95: [r(lower), r(upper)] };
}
