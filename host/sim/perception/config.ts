// The perception model's parameters: the scenario's `sensors` block resolved against defaults.
// docs/perception.md gives the reasoning and sources for every default.
import { OBJECT_KINDS } from '../../../abi/signals.js';
import type { ObjectKind, Scenario } from '../scenario.js';

export type Weather = 'clear' | 'rain' | 'fog';
export type GhostKind = 'gantry' | 'bridge' | 'sign' | 'manhole';
export const GHOST_KINDS: readonly GhostKind[] = ['gantry', 'bridge', 'sign', 'manhole'];
const KINDS: readonly ObjectKind[] = ['car', 'truck', 'cone', 'barrier', 'pedestrian'];

/** Reliable detection range of a stationary object in clear weather, by kind [m]: radar range
 * scales with the fourth root of the radar cross-section (car ≈ +10 dBsm, cone ≈ −5 dBsm). */
export const STATIONARY_RANGE_M: Record<ObjectKind, number> = { car: 200, truck: 250, cone: 80, barrier: 120, pedestrian: 80 };
/** Height of each kind [m]: how much of it a crest hides. */
export const HEIGHT_M: Record<ObjectKind, number> = { car: 1.4, truck: 3.5, cone: 0.75, barrier: 0.9, pedestrian: 1.7 };
/** Width of each kind [m] (host/sim/world.ts sizes): how many camera pixels it spans. */
const WIDTH_M: Record<ObjectKind, number> = { car: 1.8, truck: 2.5, cone: 0.3, barrier: 3.2, pedestrian: 0.6 };
/** Camera focal length in pixels (1920 px across a 70° field of view) and the width in pixels a
 * classifier needs to name an object (10–20 px is the usual lower limit; 15). */
const FOCAL_PX = 960 / Math.tan(35 * Math.PI / 180);
const CLASSIFY_MIN_PX = 15;
/** Range within which each kind spans enough pixels to be classified [m]: cone ≈ 27 m, car ≈ 165 m. */
export const CLASSIFY_RANGE_M: Record<ObjectKind, number> = Object.fromEntries(
  Object.entries(WIDTH_M).map(([k, w]) => [k, w * FOCAL_PX / CLASSIFY_MIN_PX])) as Record<ObjectKind, number>;
/** Camera (which confirms stationary objects) mounted behind the windscreen [m]. */
export const SENSOR_HEIGHT_M = 1.3;

/** Weather range factors: radar (moving objects) and camera-confirmed stationary detection. */
const WEATHER: Record<Weather, { moving: number; stationary: number }> = {
  clear: { moving: 1, stationary: 1 },
  rain: { moving: 0.85, stationary: 0.7 },
  fog: { moving: 0.95, stationary: 1 }, // fog: stationary range also capped by the visibility
};

/** Where a false stationary return appears and where it resolves (distance ahead of the ego) [m]. */
export const GHOST_WINDOWS: Record<GhostKind, { appearM: [number, number]; vanishM: [number, number] }> = {
  gantry: { appearM: [120, 200], vanishM: [40, 80] },
  bridge: { appearM: [150, 220], vanishM: [50, 90] },
  sign: { appearM: [80, 150], vanishM: [50, 120] },
  manhole: { appearM: [40, 80], vanishM: [20, 60] },
};

export interface PerceptionConfig {
  seed: number;
  latencyCycles: number;
  weather: Weather;
  visibilityM: number;
  /** Reliable range per kind code (OBJECT_KINDS index) for stationary and moving objects, after weather. */
  stationaryRangeM: Float64Array;
  movingRangeM: Float64Array;
  distNoiseM: number; distNoisePerM: number;
  speedNoiseMps: number; speedNoisePerM: number;
  dropoutRate: number;
  confirmCycles: number; stationaryConfirmCycles: number; coastCycles: number;
  trackerTimeConstantS: number;
  misclassRate: number; misclassAsKind: number;
  /** Per kind code: beyond this range a track drawn for misclassification reports misclassAsKind. */
  misclassBeyondM: Float64Array;
  occlusion: boolean; occludedCoveredFraction: number;
  ghostsPerKm: number; ghostKinds: GhostKind[]; ghostReportedAsKind: number;
  reportKind: number; reportBias: number;
}

type Sensors = NonNullable<Scenario['sensors']>;

export function resolvePerception(spec: Sensors = {}): PerceptionConfig {
  const weather = spec.weather ?? 'clear';
  const visibilityM = spec.visibilityM ?? (weather === 'fog' ? 80 : Infinity);
  // The legacy `stationaryRangeM` keeps its meaning: one range for every stationary kind.
  const clearRangeM = (kind: ObjectKind) => spec.detectRangeM?.[kind] ?? spec.stationaryRangeM ?? STATIONARY_RANGE_M[kind];
  const carM = clearRangeM('car');
  const w = WEATHER[weather];
  const stationary = new Float64Array(OBJECT_KINDS.length);
  const moving = new Float64Array(OBJECT_KINDS.length);
  for (const kind of KINDS) {
    const clearM = clearRangeM(kind);
    // Fog: a camera sees a car at about the meteorological visibility, smaller things proportionally less far.
    const foggedM = Math.min(clearM * w.stationary, visibilityM * clearM / carM);
    const k = OBJECT_KINDS.indexOf(kind);
    stationary[k] = foggedM;
    // Moving objects are radar tracks: cars and trucks to the radar's range, small things no further than when standing.
    moving[k] = Math.min((spec.movingRangeM ?? 250) * w.moving, kind === 'car' || kind === 'truck' ? Infinity : clearM);
  }
  const m = spec.misclassification ?? {};
  const g = spec.ghosts ?? {};
  return {
    seed: spec.seed ?? 1,
    latencyCycles: Math.max(0, Math.round((spec.latencyMs ?? 50) / 10)),
    weather, visibilityM,
    stationaryRangeM: stationary, movingRangeM: moving,
    distNoiseM: spec.distNoiseM ?? 0.1, distNoisePerM: spec.distNoisePerM ?? 0.002,
    speedNoiseMps: spec.speedNoiseMps ?? 0.05, speedNoisePerM: spec.speedNoisePerM ?? 0.0005,
    dropoutRate: spec.dropoutRate ?? 0,
    confirmCycles: spec.tracker?.confirmCycles ?? 3,
    stationaryConfirmCycles: Math.max(1, Math.round((spec.tracker?.stationaryConfirmS ?? 0.3) / 0.01)),
    coastCycles: spec.tracker?.coastCycles ?? 10,
    trackerTimeConstantS: spec.tracker?.accelTimeConstantS ?? 0.3,
    misclassRate: m.rate ?? 0.2,
    misclassBeyondM: Float64Array.from(OBJECT_KINDS, (k, i) => (k === 'none' ? Infinity
      : m.beyondFraction !== undefined ? m.beyondFraction * stationary[i] : CLASSIFY_RANGE_M[k])),
    misclassAsKind: OBJECT_KINDS.indexOf(m.asKind ?? 'none'),
    occlusion: spec.occlusion?.enabled ?? true,
    occludedCoveredFraction: spec.occlusion?.hiddenAboveCoveredFraction ?? 0.5,
    ghostsPerKm: g.perKm ?? 0,
    ghostKinds: g.kinds ?? [...GHOST_KINDS],
    ghostReportedAsKind: OBJECT_KINDS.indexOf(g.reportedAs ?? 'car'),
    reportKind: OBJECT_KINDS.indexOf(spec.selfReport?.forKind ?? 'car'),
    reportBias: spec.selfReport?.bias ?? 0,
  };
}
