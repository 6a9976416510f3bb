// A sensor that lies about the closing speed: the relative speed it reports is checked against the
// rate at which the gap it reports shrinks. Over the last 0.5 s of the same object, the
// least-squares slope of the gap is compared with the mean reported relative speed (both centred on
// the same instant, so the tracker's lag does not count). A relative speed stuck at 0 while a
// stopped car's gap closes at 22 m/s hid the car from FCW/AEB; beyond the tolerance the gap rate
// replaces it. Running sums keep the check O(1) per cycle (no loop over the window in the step).
import { CYCLE_S, ST_GAP_WINDOW_M, ST_GAP_WINDOW_M_LEN, ST_LEAD_SPEED_WINDOW_MPS, ST_REL_WINDOW_MPS } from "./generated/abi";
import { st } from "./memory";
import { clamp } from "./table";

const WINDOW: i32 = ST_GAP_WINDOW_M_LEN; // 50 cycles = 0.5 s: slope noise ≈ 0.4 m/s at 150 m
/** Beyond the disagreement lag and noise leave (a lead braking at 10 m/s²: ≈ 3 m/s). */
const TOLERANCE_MPS: f64 = 5.0;
/** A gap bit-identical over the whole window is frozen, not measured (a sensor's noise, or its
 * quantisation at any closing speed above this, changes it): it contradicts a closing speed this low. */
const FROZEN_TOLERANCE_MPS: f64 = 1.0;
const N: f64 = <f64>WINDOW;
const SUM_X: f64 = N * (N - 1) / 2;
const SLOPE_DENOMINATOR: f64 = N * ((N - 1) * N * (2 * N - 1) / 6) - SUM_X * SUM_X;

/** Nothing carries over: no object, one lost beyond coasting, or a state block that makes no sense. */
export function resetGapWindow(): void {
  restartGapWindow();
  st.reckonedGapM = -1;
  st.priorObjectGapM = -1;
}

/** The rings start again; a verdict of inconsistency and the gaps reckoned with it stand (the
 * sensor that lied before a short lapse is still the sensor after it). */
function restartGapWindow(): void {
  st.windowCount = 0; st.windowHead = 0;
  st.gapSumM = 0; st.gapMomentM = 0; st.relSumMps = 0;
  st.gapUnchangedCycles = 0; st.relUnchangedCycles = 0;
}

/** Every gap in the full window is the same value. */
export function gapFrozen(): bool {
  return <i32>st.gapUnchangedCycles >= WINDOW - 1;
}

/** Every relative speed in the full window is the same value (a sensor's noise changes it). */
export function relFrozen(): bool {
  return <i32>st.relUnchangedCycles >= WINDOW - 1;
}

/** Another object by the gate. The one before it is carried forward while the new window fills:
 * a gap that jumps to a stuck value looks like a new object, and if the new one turns out
 * inconsistent, the nearer of the two is what FCW/AEB act on (which one lies is unknown). */
export function startNewObject(): void {
  const priorM = clamp(predictedWindowGapM(), 0, 300);
  resetGapWindow();
  st.priorObjectGapM = priorM;
}

/** A cycle without a report of the object: a lapse of the channel (coasted on the track) or a
 * frame that reports no object (a dropout of a lying sensor must not wipe the verdict). The rings
 * start again; the verdict and the object before a jump are carried forward with the last closing
 * speed. */
export function carryGapVerdict(closingMps: f64): void {
  restartGapWindow();
  if (st.reckonedGapM >= 0) st.reckonedGapM = clamp(st.reckonedGapM + closingMps * CYCLE_S, 0, 300);
  if (st.priorObjectGapM >= 0) st.priorObjectGapM = clamp(st.priorObjectGapM + closingMps * CYCLE_S, 0, 300);
}

/** The window holds 0.5 s of the same object: only then does it judge. */
export function gapWindowFull(): bool {
  return <i32>st.windowCount >= WINDOW;
}

/** A restored or written state block may hold anything: a ring index outside the ring would read
 * and write other state, and a reckoned gap of 10¹² would hold a verdict forever. Whole numbers
 * and gaps in range, or the window (and its verdict) starts again. */
export function gapWindowIntact(): bool {
  const head = st.windowHead, count = st.windowCount, sameGap = st.gapUnchangedCycles, sameRel = st.relUnchangedCycles;
  const reckoned = st.reckonedGapM, prior = st.priorObjectGapM;
  return head >= 0 && head < N && head == Math.floor(head) && count >= 0 && count <= N && count == Math.floor(count) &&
    sameGap >= 0 && sameGap <= N && sameRel >= 0 && sameRel <= N &&
    (reckoned == -1 || (reckoned >= 0 && reckoned <= 300)) && (prior == -1 || (prior >= 0 && prior <= 300));
}

/** Where the object last added should be now (the caller checks windowCount > 0): the same
 * prediction the relative-speed jump check makes, with the speed reported with that gap. */
export function predictedWindowGapM(): f64 {
  const at = (<usize>((<i32>st.windowHead + WINDOW - 1) % WINDOW)) << 3;
  const base = changetype<usize>(st);
  return load<f64>(base + ST_GAP_WINDOW_M + at) + load<f64>(base + ST_REL_WINDOW_MPS + at) * CYCLE_S;
}

/** The window's oldest gap carried forward with the relative speeds reported since (the gap the
 * closing speed says there is now, reckoned from 0.5 s ago); valid once the window is full. */
export function reckonedFromWindowM(): f64 {
  const oldest = load<f64>(changetype<usize>(st) + ST_GAP_WINDOW_M + (<usize><i32>st.windowHead << 3));
  return oldest + st.relSumMps * CYCLE_S;
}

/** Adds this cycle's report of the same object (and its speed over ground, `leadSpeedMps`: ego
 * speed plus the reported relative speed, kept in its ring for reckonedLeadAccelMps2); returns the least-squares rate of the gap over the
 * window [m/s] once it is full, NaN while it fills. */
export function pushGapSample(gapM: f64, relMps: f64, leadSpeedMps: f64): f64 {
  const base = changetype<usize>(st);
  const head = <i32>st.windowHead;
  const gapAt = base + ST_GAP_WINDOW_M + (<usize>head << 3);
  const relAt = base + ST_REL_WINDOW_MPS + (<usize>head << 3);
  const speedAt = base + ST_LEAD_SPEED_WINDOW_MPS + (<usize>head << 3);
  const count = <i32>st.windowCount;
  const newestAt = (<usize>((head + WINDOW - 1) % WINDOW)) << 3;
  st.gapUnchangedCycles = count > 0 && gapM == load<f64>(base + ST_GAP_WINDOW_M + newestAt) ? Math.min(st.gapUnchangedCycles + 1, N) : 0;
  st.relUnchangedCycles = count > 0 && relMps == load<f64>(base + ST_REL_WINDOW_MPS + newestAt) ? Math.min(st.relUnchangedCycles + 1, N) : 0;
  if (count < WINDOW) {
    st.gapMomentM += <f64>count * gapM;
    st.windowCount = <f64>(count + 1);
  } else {
    // The oldest sample (index 0) leaves; every other one moves down an index.
    const oldGapM = load<f64>(gapAt);
    st.gapMomentM = st.gapMomentM - (st.gapSumM - oldGapM) + (N - 1) * gapM;
    st.gapSumM -= oldGapM;
    st.relSumMps -= load<f64>(relAt);
  }
  st.gapSumM += gapM;
  st.relSumMps += relMps;
  store<f64>(gapAt, gapM);
  store<f64>(relAt, relMps);
  store<f64>(speedAt, leadSpeedMps);
  st.windowHead = <f64>((head + 1) % WINDOW);
  if (<i32>st.windowCount < WINDOW) return NaN;
  return (N * st.gapMomentM - SUM_X * st.gapSumM) / SLOPE_DENOMINATOR / CYCLE_S;
}

/** The object's acceleration reckoned from its speed over the full window [m/s²]: the least-squares
 * slope, centred 0.25 s back like the gap rate. Needed only while the acceleration attribute is
 * unusable, so it is computed from the ring when asked (one pass over 50 samples) rather than kept
 * in running sums every cycle; NaN while the window fills or beyond ±15 m/s² (a restored block). */
export function reckonedLeadAccelMps2(): f64 {
  if (<i32>st.windowCount < WINDOW) return NaN;
  const ring = changetype<usize>(st) + ST_LEAD_SPEED_WINDOW_MPS;
  const oldest = <i32>st.windowHead; // the window is full: the next slot holds its oldest sample
  const meanAge: f64 = (N - 1) / 2;
  let moment: f64 = 0;
  for (let age = 0; age < WINDOW; age++) {
    moment += (<f64>age - meanAge) * load<f64>(ring + (<usize>((oldest + age) % WINDOW) << 3));
  }
  const slope = moment / (SLOPE_DENOMINATOR / N) / CYCLE_S;
  return slope >= -15 && slope <= 15 ? slope : NaN;
}

/** The full window's gap rate against the relative speeds reported in it: beyond the tolerance, a
 * frozen gap while they say it moves, or a frozen relative speed the gap rate departs from. */
export function gapRateContradicts(gapRateMps: f64): bool {
  const meanRelMps = st.relSumMps / N;
  return Math.abs(gapRateMps - meanRelMps) > TOLERANCE_MPS || (gapFrozen() && Math.abs(meanRelMps) > FROZEN_TOLERANCE_MPS) ||
    (relFrozen() && !gapFrozen() && Math.abs(gapRateMps - meanRelMps) > FROZEN_TOLERANCE_MPS);
}
