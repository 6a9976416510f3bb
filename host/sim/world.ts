// The road and the other road users: positions along the road (x, rear of each object;
// the ego's front bumper), lateral positions in metres, scripted maneuvers.
import { OBJECT_KINDS } from '../../abi/signals.js';
import type { Maneuver, Scenario, ScenarioObject, Zone } from './scenario.js';

export const KPH = 1 / 3.6;
export const EGO_WIDTH_M = 1.9;
const SIZE_M: Record<ScenarioObject['kind'], { widthM: number; lengthM: number }> = {
  car: { widthM: 1.8, lengthM: 4.5 },
  truck: { widthM: 2.5, lengthM: 12 },
  cone: { widthM: 0.3, lengthM: 0.3 },
  barrier: { widthM: 3.2, lengthM: 0.6 },
  pedestrian: { widthM: 0.6, lengthM: 0.5 },
};

/** A maneuver with every optional field present (undefined when absent), so all share one shape. */
function sameShapeManeuver(m: Maneuver): Maneuver {
  const t = m.trigger;
  return {
    trigger: { atS: t.atS, ttcS: t.ttcS, gapToM: t.gapToM, lessThanM: t.lessThanM },
    laneChange: m.laneChange, durationS: m.durationS, accelMps2: m.accelMps2, untilSpeedKph: m.untilSpeedKph,
  };
}

export interface Ego { xM: number; yM: number; speedMps: number; accelMps2: number }

export class SimObject {
  xM: number;
  yM: number;
  speedMps: number;
  accelMps2 = 0;
  untilSpeedMps = -1;
  readonly widthM: number;
  readonly lengthM: number;
  /** The sensor's class code (abi OBJECT_KINDS). */
  readonly kindIndex: number;
  private readonly fired: boolean[];
  /** The spec's maneuvers and lateral offset, copied into objects of one shape: scenario objects
   * differ in which optional fields they carry, and reading them every cycle was a megamorphic load. */
  private readonly maneuvers: Maneuver[];
  private readonly offsetM: number;
  /** Maneuvers not yet fired: once all have, the per-cycle trigger checks are skipped. */
  private unfired: number;
  private lane?: { fromYM: number; toYM: number; startS: number; durationS: number };

  constructor(readonly spec: ScenarioObject, laneWidthM: number, egoSpeedMps: number) {
    const size = SIZE_M[spec.kind];
    this.offsetM = spec.offsetM ?? 0;
    this.maneuvers = (spec.maneuvers ?? []).map(sameShapeManeuver);
    this.unfired = this.maneuvers.length;
    this.widthM = spec.widthM ?? size.widthM;
    this.lengthM = size.lengthM;
    this.kindIndex = OBJECT_KINDS.indexOf(spec.kind);
    this.speedMps = (spec.speedKph ?? 0) * KPH;
    this.yM = spec.lane * laneWidthM + (spec.offsetM ?? 0);
    // Euro NCAP runs start at a given time to collision rather than a distance.
    this.xM = spec.xM ?? (spec.atTtcS ?? 0) * Math.max(egoSpeedMps - this.speedMps, 0);
    this.fired = this.maneuvers.map(() => false);
  }

  get id(): string { return this.spec.id; }
  get stationary(): boolean { return this.speedMps < 1; }

  /** Gap from the ego's front bumper to this object's rear. */
  gapM(ego: Ego): number { return this.xM - ego.xM; }

  overlaps(ego: Ego): boolean { return Math.abs(this.yM - ego.yM) < (this.widthM + EGO_WIDTH_M) / 2; }

  ttcS(ego: Ego): number {
    const closing = ego.speedMps - this.speedMps;
    const gap = this.gapM(ego);
    return closing > 0.01 && gap > 0 ? gap / closing : Infinity;
  }

  private triggered(m: Maneuver, tS: number, ego: Ego): boolean {
    const t = m.trigger;
    if (t.atS !== undefined && tS < t.atS) return false;
    if (t.ttcS !== undefined && !(this.ttcS(ego) < t.ttcS)) return false;
    if (t.gapToM !== undefined && !(Math.abs(this.xM - t.gapToM) < (t.lessThanM ?? 0))) return false;
    return true;
  }

  update(tS: number, dtS: number, ego: Ego, laneWidthM: number): void {
    const maneuvers = this.maneuvers;
    if (this.unfired > 0) for (let i = 0; i < maneuvers.length; i++) {
      const m = maneuvers[i];
      if (this.fired[i] || !this.triggered(m, tS, ego)) continue;
      this.fired[i] = true;
      this.unfired -= 1;
      if (m.laneChange !== undefined) this.lane = { fromYM: this.yM, toYM: m.laneChange * laneWidthM + this.offsetM, startS: tS, durationS: m.durationS ?? 3 };
      if (m.accelMps2 !== undefined) {
        this.accelMps2 = m.accelMps2;
        this.untilSpeedMps = m.untilSpeedKph !== undefined ? m.untilSpeedKph * KPH : -1;
      }
    }
    if (this.lane) {
      const progress = Math.min((tS - this.lane.startS) / this.lane.durationS, 1);
      // A smooth (cosine) lateral profile, as a real lane change.
      this.yM = this.lane.fromYM + (this.lane.toYM - this.lane.fromYM) * (1 - Math.cos(Math.PI * progress)) / 2;
      if (progress >= 1) this.lane = undefined;
    }
    if (this.accelMps2 !== 0) {
      let next = this.speedMps + this.accelMps2 * dtS;
      const target = this.untilSpeedMps >= 0 ? this.untilSpeedMps : 0;
      const reached = this.accelMps2 < 0 ? next <= target : this.untilSpeedMps >= 0 && next >= target;
      if (reached) { next = this.accelMps2 < 0 ? Math.max(target, 0) : target; this.accelMps2 = 0; }
      this.speedMps = Math.max(next, 0);
    }
    this.xM += this.speedMps * dtS;
  }
}

/** A zone with every optional field present (undefined when absent): one shape for all zones. */
function sameShapeZone(z: Zone): Zone {
  return {
    kind: z.kind, startM: z.startM, endM: z.endM, closedLane: z.closedLane, announced: z.announced, speedLimitKph: z.speedLimitKph,
    radiusM: z.radiusM, announceDistM: z.announceDistM, mapErrorM: z.mapErrorM, sightClearanceM: z.sightClearanceM,
  };
}

/** What the map / ADAS horizon tells the car about the road ahead of `xM`. Zones are sorted once;
 * the queries run every cycle and allocate nothing. */
export class Road {
  readonly laneWidthM: number;
  private readonly construction: Zone[];
  private readonly limits: Zone[];
  private readonly curves: Zone[];
  /** Curves and crests, sorted by start: what limits the sensors' line of sight. */
  get curveZones(): readonly Zone[] { return this.curves; }
  readonly crestZones: readonly Zone[];
  readonly zone = { distM: 0, egoLaneClosed: false };
  readonly curve = { perM: 0, distM: 1000 };

  /** The road's own speed limit [m/s] and design-domain end, read once (the spec's shape varies). */
  private readonly limitMps: number;
  private readonly designDomainEndM: number | undefined;

  constructor(readonly spec: Scenario['road']) {
    this.laneWidthM = spec.laneWidthM ?? 3.5;
    this.limitMps = spec.speedLimitKph * KPH;
    this.designDomainEndM = spec.designDomainEndM;
    const of = (kind: Zone['kind']) => (spec.zones ?? []).filter((z) => z.kind === kind).sort((a, b) => a.startM - b.startM).map(sameShapeZone);
    this.construction = of('construction').filter((z) => z.announced !== false);
    this.limits = of('speedLimit');
    this.curves = of('curve');
    this.crestZones = of('crest');
  }

  speedLimitMps(xM: number): number {
    // Indexed loops in the per-cycle queries: a for-of left an iterator object per call when not inlined.
    const limits = this.limits;
    for (let i = 0; i < limits.length; i++) {
      const z = limits[i];
      if (xM >= z.startM && xM < z.endM) return (z.speedLimitKph ?? this.spec.speedLimitKph) * KPH;
    }
    return this.limitMps;
  }

  /** The next announced construction zone within the horizon (or the one the car is in); null if none.
   * Map data can be late (`announceDistM`: unknown until that close) or wrong (`mapErrorM`: the
   * start placed that much later, or earlier when negative). */
  constructionAhead(xM: number, egoLane: number, horizonM = 3000): { distM: number; egoLaneClosed: boolean } | null {
    const construction = this.construction;
    for (let i = 0; i < construction.length; i++) {
      const z = construction[i];
      if (z.endM <= xM) continue;
      if (z.startM - xM > Math.min(horizonM, z.announceDistM ?? horizonM)) return null;
      this.zone.distM = Math.max(z.startM + (z.mapErrorM ?? 0) - xM, 0);
      this.zone.egoLaneClosed = z.closedLane === egoLane;
      return this.zone;
    }
    return null;
  }

  /** Distance to the end of the design domain, capped at the horizon (5000 m = none in sight). */
  designDomainEndDistM(xM: number, horizonM = 5000): number {
    const end = this.designDomainEndM;
    return end === undefined ? horizonM : Math.min(Math.max(end - xM, 0), horizonM);
  }

  /** Curvature of the next curve within the preview distance and how far away it starts. */
  curvatureAhead(xM: number, previewM = 300): { perM: number; distM: number } {
    this.curve.perM = 0;
    this.curve.distM = 1000;
    const curves = this.curves;
    for (let i = 0; i < curves.length; i++) {
      const z = curves[i];
      if (z.endM <= xM) continue;
      if (z.startM - xM <= previewM) { this.curve.perM = 1 / (z.radiusM ?? Infinity); this.curve.distM = Math.max(z.startM - xM, 0); }
      break;
    }
    return this.curve;
  }
}
