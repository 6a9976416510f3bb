// Detection probability over range and occlusion by nearer objects.

const TABLE_SIZE = 1024;
const TABLE_MAX_X = 2;
/** Per-cycle detection probability against range / reliable range: ≥ 0.92 inside the reliable
 * range, 0.5 at 1.1×, under 1 % beyond 1.3× (a logistic fall-off, as a detector's threshold on
 * a fluctuating return gives). Tabulated: read every cycle for every object. */
const P_TABLE = Float64Array.from({ length: TABLE_SIZE }, (_, i) => 1 / (1 + Math.exp(((i + 0.5) * TABLE_MAX_X / TABLE_SIZE - 1.1) / 0.04)));

export function detectionProbability(rangeM: number, reliableRangeM: number): number {
  const x = rangeM / reliableRangeM;
  return x >= TABLE_MAX_X || !(x >= 0) ? 0 : P_TABLE[(x * (TABLE_SIZE / TABLE_MAX_X)) | 0];
}

/** Share of an object's width (as seen from the sensor at lateral position `sensorYM`) covered by
 * nearer objects. Angles are lateral offset / distance; overlaps between occluders count twice
 * (a small overestimate where two occluders overlap each other). */
export function coveredFraction(
  j: number, count: number, gapM: Float64Array, yM: Float64Array, widthM: Float64Array, sensorYM: number,
): number {
  const dj = gapM[j] + 0.5;
  const a0 = (yM[j] - widthM[j] / 2 - sensorYM) / dj;
  const a1 = (yM[j] + widthM[j] / 2 - sensorYM) / dj;
  let covered = 0;
  for (let i = 0; i < count; i++) {
    if (i === j || gapM[i] < 0 || gapM[i] >= gapM[j]) continue;
    const di = gapM[i] + 0.5;
    const b0 = (yM[i] - widthM[i] / 2 - sensorYM) / di;
    const b1 = (yM[i] + widthM[i] / 2 - sensorYM) / di;
    const overlap = Math.min(a1, b1) - Math.max(a0, b0);
    if (overlap > 0) covered += overlap;
  }
  return Math.min(covered / (a1 - a0), 1);
}
