// ISO 15622 / 22179 comfort limits as the standard states them (domain.md §3), used to
// judge a drive independently of the firmware's own calibration.
const lerp = (speedMps: number, low: number, high: number) => {
  // Low-speed value below 5 m/s, high-speed value above 20 m/s, linear between.
  const f = Math.min(Math.max((speedMps - 5) / 15, 0), 1);
  return low + (high - low) * f;
};
export const isoAccelMaxMps2 = (speedMps: number) => lerp(speedMps, 4, 2);
export const isoDecelMaxMps2 = (speedMps: number) => lerp(speedMps, 5, 3.5);
export const isoJerkMaxMps3 = (speedMps: number) => lerp(speedMps, 5, 2.5);
/** ISO 15622 averages the deceleration limit over 2 s. */
export const ISO_DECEL_WINDOW_S = 2;
/** The smallest value each limit takes (its high-speed value): a command within these cannot
 * violate the limit at any speed, so the per-cycle check skips the speed lookup. */
export const ISO_ACCEL_MAX_FLOOR_MPS2 = isoAccelMaxMps2(Infinity);
export const ISO_DECEL_MAX_FLOOR_MPS2 = isoDecelMaxMps2(Infinity);
export const ISO_JERK_MAX_FLOOR_MPS3 = isoJerkMaxMps3(Infinity);
