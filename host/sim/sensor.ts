// The perception model (docs/perception.md): per-kind detection probability over range, weather
// and road geometry limiting sight, occlusion by nearer objects, track confirmation and coasting,
// range-dependent noise, misclassification at long range, false stationary returns, latency,
// the perception's own report of its reliable stationary range, and injected signal faults.
// Seeded and deterministic; no allocation per cycle.
import { OBJECT_KINDS } from '../../abi/signals.js';
import { IN } from '../ecu/abi-views.js';
import { resolvePerception, GHOST_KINDS, HEIGHT_M, type PerceptionConfig } from './perception/config.js';
import { coveredFraction, detectionProbability } from './perception/detection.js';
import { GhostField, GHOST_SLOTS } from './perception/ghosts.js';
import { crestSightLimitM, curveSightLimitM, visibleOverCrests } from './perception/sight.js';
import { Tracks } from './perception/tracks.js';
import { Random } from './random.js';
import type { Scenario, SensorFault } from './scenario.js';
import type { Ego, Road, SimObject } from './world.js';

// One delayed measurement: valid, distM, relSpeedMps, accelMps2, kind (a flat ring: no allocation per cycle).
const FIELDS = 5;
const KIND_NONE = 0;
const KIND_CONE = OBJECT_KINDS.indexOf('cone');
const KIND_BARRIER = OBJECT_KINDS.indexOf('barrier');
/** Visible height needed to detect an object over a crest: most of it. */
const VISIBLE_HEIGHT_SHARE = 0.8;
const HEIGHT_BY_KIND = Float64Array.from(OBJECT_KINDS, (k) => (k === 'none' ? 1 : HEIGHT_M[k]) * VISIBLE_HEIGHT_SHARE);
/** The self-report is refreshed every this many cycles (a crest needs a bisection). */
const REPORT_EVERY_CYCLES = 10;
const MAX_REPORT_M = 300;
const { leadValid: I_LEAD_VALID, leadDistM: I_LEAD_DIST, leadRelSpeedMps: I_LEAD_REL_SPEED, leadAccelMps2: I_LEAD_ACCEL, leadKind: I_LEAD_KIND } = IN;
/** The smallest obstacle class the perception reports a range for. */
const SMALL_KIND = OBJECT_KINDS.indexOf('cone');

export class SensorModel {
  readonly config: PerceptionConfig;
  /** What the perception reports as its reliable stationary-detection range (input stationaryDetectRangeM). */
  reportedStationaryRangeM: number;
  /** The same for the smallest obstacle class, a cone (input smallObstacleDetectRangeM). */
  reportedSmallObstacleRangeM: number;
  private readonly delay: Float64Array;
  /** Which scenario object each delayed measurement is of (-1: none, a false return, or dropped). */
  private readonly delayObject: Int32Array;
  private readonly delaySlots: number;
  private delayHead = 0;
  private readonly rng: Random;
  private readonly faults: (SensorFault & { slot: number; heldValue?: number })[];
  private readonly ghosts: GhostField;
  private tracks: Tracks | null = null;
  private gapM = new Float64Array(0);
  private yM = new Float64Array(0);
  private widthM = new Float64Array(0);
  private rangeM = new Float64Array(0);
  private cycle = 0;

  constructor(spec: Scenario['sensors'] = {}, private readonly road?: Road) {
    this.config = resolvePerception(spec);
    this.delaySlots = this.config.latencyCycles + 1;
    this.delay = new Float64Array(this.delaySlots * FIELDS);
    this.delayObject = new Int32Array(this.delaySlots).fill(-1);
    this.rng = new Random(this.config.seed);
    this.ghosts = new GhostField(this.config.ghostsPerKm, this.config.ghostKinds, this.config.seed);
    this.faults = (spec.faults ?? []).map((f) => ({ ...f, slot: IN[f.signal as keyof typeof IN] }));
    this.reportedStationaryRangeM = this.trueStationaryRangeM(0) * (1 + this.config.reportBias);
    this.reportedSmallObstacleRangeM = this.trueStationaryRangeM(0, SMALL_KIND) * (1 + this.config.reportBias);
  }

  /** The nearest object truly in the ego path within the given ranges (ground truth, for metrics). */
  static nearestInPath(objects: SimObject[], ego: Ego, movingRangeM: number, stationaryRangeM: number): SimObject | null {
    // Indexed, and the best gap kept rather than recomputed: this runs every cycle of every run.
    let best: SimObject | null = null;
    let bestGapM = 0;
    for (let i = 0; i < objects.length; i++) {
      const o = objects[i];
      const gap = o.gapM(ego);
      if (gap < 0 || !o.overlaps(ego)) continue;
      if (gap > (o.stationary ? stationaryRangeM : movingRangeM)) continue;
      if (best === null || gap < bestGapM) { best = o; bestGapM = gap; }
    }
    return best;
  }

  /** The range within which a stationary object of the report kind (or `kind`) is reliably detected now. */
  trueStationaryRangeM(egoXM: number, kind = this.config.reportKind): number {
    const c = this.config;
    let rangeM = c.stationaryRangeM[kind];
    if (this.road) {
      rangeM = Math.min(rangeM, curveSightLimitM(this.road.curveZones, egoXM));
      if (this.road.crestZones.length > 0) rangeM = Math.min(rangeM, crestSightLimitM(this.road.crestZones, egoXM, HEIGHT_BY_KIND[kind], MAX_REPORT_M));
    }
    return Math.min(rangeM, MAX_REPORT_M);
  }

  private ensureTracks(count: number): Tracks {
    if (this.tracks?.count !== count + GHOST_SLOTS) {
      const c = this.config;
      this.tracks = new Tracks(count + GHOST_SLOTS, c.confirmCycles, c.coastCycles, c.trackerTimeConstantS);
      this.gapM = new Float64Array(count);
      this.yM = new Float64Array(count);
      this.widthM = new Float64Array(count);
      this.rangeM = new Float64Array(count);
    }
    return this.tracks;
  }

  /** Kind code a track reports: its true kind, or the misclassification while it is far. */
  private reportedKind(i: number, o: SimObject): number {
    const c = this.config;
    const far = this.gapM[i] > c.misclassBeyondM[o.kindIndex];
    return far && this.tracks!.classDraw[i] < c.misclassRate ? c.misclassAsKind : o.kindIndex;
  }

  private isStationary(o: SimObject): boolean {
    return o.stationary || o.kindIndex === KIND_CONE || o.kindIndex === KIND_BARRIER;
  }

  private reliableRangeM(o: SimObject): number {
    return this.isStationary(o) ? this.config.stationaryRangeM[o.kindIndex] : this.config.movingRangeM[o.kindIndex];
  }

  /** Whether the perception holds a reportable track on object `index` of the scenario (tests, plots). */
  isTracked(index: number, object: SimObject): boolean {
    const c = this.config;
    return this.tracks !== null && this.tracks.confirmed(index, this.isStationary(object) ? c.stationaryConfirmCycles : c.confirmCycles);
  }

  /** Detects, tracks and selects; measures the reported object into ring slot `at` (zeros when none). */
  private measureInto(at: number, objects: SimObject[], ego: Ego): void {
    const c = this.config;
    const n = objects.length;
    const tracks = this.ensureTracks(n);
    const rng = this.rng;
    const sightM = this.road ? curveSightLimitM(this.road.curveZones, ego.xM) : Infinity;
    const crests = this.road && this.road.crestZones.length > 0 ? this.road.crestZones : null;
    for (let i = 0; i < n; i++) {
      const o = objects[i];
      this.gapM[i] = o.gapM(ego);
      this.yM[i] = o.yM;
      this.widthM[i] = o.widthM;
      this.rangeM[i] = this.reliableRangeM(o);
    }
    for (let i = 0; i < n; i++) {
      const o = objects[i];
      const gap = this.gapM[i];
      const reliableM = this.rangeM[i];
      // Nothing to draw for what is behind, or far beyond any chance of detection.
      if (gap < 0 || gap > 1.5 * reliableM) { tracks.miss(i); continue; }
      const p = detectionProbability(gap, reliableM);
      const hit = rng.next() < p && gap <= sightM && (crests === null || visibleOverCrests(crests, ego.xM, o.xM, HEIGHT_BY_KIND[o.kindIndex])) &&
        !(c.occlusion && n > 1 && coveredFraction(i, n, this.gapM, this.yM, this.widthM, ego.yM) > c.occludedCoveredFraction);
      if (!hit) { tracks.miss(i); continue; }
      const sigmaMps = c.speedNoiseMps + c.speedNoisePerM * gap;
      tracks.detect(i, o.speedMps - ego.speedMps + rng.gaussian() * sigmaMps, ego.speedMps, rng.next());
    }
    const ghostSlots = c.ghostsPerKm > 0 ? GHOST_SLOTS : 0;
    if (ghostSlots > 0) this.ghosts.update(ego.xM);
    for (let s = 0; s < ghostSlots; s++) {
      const d = this.ghosts.distanceM(s, ego.xM);
      if (d < 0 || d > sightM) { tracks.miss(n + s); continue; }
      tracks.detect(n + s, -ego.speedMps + rng.gaussian() * (c.speedNoiseMps + c.speedNoisePerM * d), ego.speedMps, 0);
    }

    // The reported object: the nearest confirmed track in the ego path; one whose class is unknown
    // only when no classified one is (a perception's lead selection drops unclassified clutter).
    let best = -1, bestKind = KIND_NONE, bestGap = Infinity, bestClassified = false;
    for (let i = 0; i < n + ghostSlots; i++) {
      let gap: number, kind: number;
      if (i < n) {
        const o = objects[i];
        if (!tracks.confirmed(i, this.isStationary(o) ? c.stationaryConfirmCycles : c.confirmCycles)) continue;
        if (this.gapM[i] < 0 || !o.overlaps(ego)) continue;
        gap = this.gapM[i];
        kind = this.reportedKind(i, o);
      } else {
        if (!tracks.confirmed(i, c.stationaryConfirmCycles)) continue;
        gap = this.ghosts.distanceM(i - n, ego.xM);
        if (gap < 0) gap = Math.max(this.ghosts.xM[i - n] - ego.xM, 0); // coasting after it resolved
        kind = c.ghostReportedAsKind;
      }
      const classified = kind !== KIND_NONE;
      if ((classified && !bestClassified) || (classified === bestClassified && gap < bestGap)) {
        best = i; bestKind = kind; bestGap = gap; bestClassified = classified;
      }
    }
    const dn = rng.gaussian();
    const dropped = rng.next() < c.dropoutRate;
    const d = this.delay;
    this.delayObject[at / FIELDS] = best >= 0 && best < n && !dropped ? best : -1;
    // Five stores, not TypedArray.prototype.fill: a builtin call every cycle with nothing reported.
    if (best < 0 || dropped) { d[at] = 0; d[at + 1] = 0; d[at + 2] = 0; d[at + 3] = 0; d[at + 4] = 0; return; }
    d[at] = 1;
    d[at + 1] = Math.max(bestGap + dn * (c.distNoiseM + c.distNoisePerM * bestGap), 0);
    d[at + 2] = tracks.measuredRelSpeedMps[best];
    d[at + 3] = tracks.accelMps2[best];
    d[at + 4] = bestKind;
  }

  /** The scenario object (index) the object inputs of the frame just written describe; -1 when
   * they describe none (nothing reported, a false return, a dropout). Ground truth for judging
   * what the ECU was told (host/validate/avoidability.ts); faults applied later are not seen here. */
  get reportedObjectIndex(): number { return this.delayObject[this.delayHead]; }

  /** Ground truth for analysis tools (tools/failure-sources.ts), not the step path: the nearest false
   * return the radar sees now (kind and distance ahead), or null. */
  nearestFalseReturn(egoXM: number): { kind: string; distanceM: number } | null {
    let best: { kind: string; distanceM: number } | null = null;
    for (let s = 0; s < GHOST_SLOTS; s++) {
      const d = this.ghosts.distanceM(s, egoXM);
      if (d >= 0 && (best === null || d < best.distanceM)) best = { kind: GHOST_KINDS[this.ghosts.kindIndex[s]], distanceM: d };
    }
    return best;
  }

  /** Writes the perception part of the frame; the rest is written by the simulation. */
  writeObject(frame: Float64Array, objects: SimObject[], ego: Ego): void {
    if (this.cycle++ % REPORT_EVERY_CYCLES === 0) {
      this.reportedStationaryRangeM = Math.min(this.trueStationaryRangeM(ego.xM) * (1 + this.config.reportBias), MAX_REPORT_M);
      this.reportedSmallObstacleRangeM = Math.min(this.trueStationaryRangeM(ego.xM, SMALL_KIND) * (1 + this.config.reportBias), MAX_REPORT_M);
    }
    this.measureInto(this.delayHead * FIELDS, objects, ego);
    this.delayHead = (this.delayHead + 1) % this.delaySlots;
    const at = this.delayHead * FIELDS; // the oldest entry: latency cycles ago
    const d = this.delay;
    frame[I_LEAD_VALID] = d[at];
    frame[I_LEAD_DIST] = d[at + 1];
    frame[I_LEAD_REL_SPEED] = d[at + 2];
    frame[I_LEAD_ACCEL] = d[at + 3];
    frame[I_LEAD_KIND] = d[at + 4];
  }

  /** Overwrites signals with the scheduled faults (NaN, ±∞, a value, or frozen). */
  applyFaults(frame: Float64Array, tS: number): void {
    for (const f of this.faults) {
      const active = tS >= f.atS && (f.durationS === undefined || tS < f.atS + f.durationS);
      if (!active) { f.heldValue = undefined; continue; }
      if (f.value === 'frozen') {
        f.heldValue ??= frame[f.slot];
        frame[f.slot] = f.heldValue;
      } else {
        frame[f.slot] = typeof f.value === 'number' ? f.value : Number(f.value);
      }
    }
  }
}
