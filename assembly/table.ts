// Breakpoint tables (openpilot's interp): linear between points, held flat outside.
/** Interpolates the table at `yAddr` over breakpoints at `xAddr` (n f64 each) at `x`. */
export function interp(x: f64, xAddr: usize, yAddr: usize, n: i32): f64 {
  let x0 = load<f64>(xAddr);
  if (x <= x0) return load<f64>(yAddr);
  for (let i = 1; i < n; i++) {
    const x1 = load<f64>(xAddr + (<usize>i << 3));
    if (x < x1) {
      const y0 = load<f64>(yAddr + (<usize>(i - 1) << 3));
      const y1 = load<f64>(yAddr + (<usize>i << 3));
      const span = x1 - x0;
      return span > 0 ? y0 + (y1 - y0) * (x - x0) / span : y1;
    }
    x0 = x1;
  }
  return load<f64>(yAddr + (<usize>(n - 1) << 3));
}

@inline export function clamp(x: f64, lo: f64, hi: f64): f64 {
  return Math.min(Math.max(x, lo), hi);
}

/** Moves `from` toward `to` by at most `step` (a rate limiter). */
@inline export function approach(from: f64, to: f64, step: f64): f64 {
  return to > from ? Math.min(to, from + step) : Math.max(to, from - step);
}
