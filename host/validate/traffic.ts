// Seeded highway traffic for statistical validation: one episode is a stretch of motorway with
// ordinary traffic and at most one hazard (lead braking from gentle to emergency, a cut-in or a
// cut-out at a drawn TTC, a stopped car, debris, a construction zone announced or not and maybe
// seen late behind a lead, a curve, the end of the design domain) and a driver who is attentive
// or not, in weather that shortens detection and, before a fixed hazard, maybe over a crest that
// limits sight, on a road with false stationary returns (gantries, bridges, signs, manhole covers)
// that the radar reports in the lane. Episode i of seed s is the same scenario in every runtime: it
// is a plain scenario file (host/sim/scenario.ts), so a failing one is written out and replayed by
// `hpa run`.
import { STATIONARY_RANGE_M } from '../sim/perception/config.js';
import { Random } from '../sim/random.js';
import { stoppable } from './avoidability.js';
import type { Scenario, ScenarioObject } from '../sim/scenario.js';

export const HAZARDS = [
  'none', 'leadBraking', 'cutIn', 'cutOut', 'stoppedVehicle', 'debris', 'construction', 'curve', 'designDomainEnd',
] as const;
export type Hazard = (typeof HAZARDS)[number];

/** Relative frequency of each hazard per episode (a mix, not a claim about real roads). */
const HAZARD_WEIGHTS: Record<Hazard, number> = {
  none: 30, leadBraking: 20, cutIn: 12, cutOut: 8, stoppedVehicle: 6, debris: 6, construction: 8, curve: 6, designDomainEnd: 4,
};

export type DriverProfile = 'attentive' | 'mixed';
/** `mixed`: weather and crests drawn per episode; `clear`: every episode in clear weather, no crest. */
export type Conditions = 'mixed' | 'clear';
export const CONDITIONS: readonly Conditions[] = ['mixed', 'clear'];

export interface EpisodeSpec {
  scenario: Scenario;
  hazard: Hazard;
  /** Could a pilot braking at 9 m/s² with 0.3 s latency have stopped in time once the hazard was
   *  in view: revealed (cut-in, a lead leaving) and within its sensors' reliable range for that kind?
   *  Planned from the script; a collision is judged on the run itself (avoidability.ts). */
  avoidable: boolean;
  lengthKm: number;
}

export const EPISODE_KM = 2;
const KPH = 1 / 3.6;

/** One seed per episode, derived from the run seed (a splitmix-style hash). */
export function episodeSeed(seed: number, index: number): number {
  let h = (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(index + 1, 0xc2b2ae35)) >>> 0;
  h ^= h >>> 16; h = Math.imul(h, 0x7feb352d) >>> 0; h ^= h >>> 15;
  return h >>> 0;
}

const pick = <T>(rng: Random, items: readonly T[]): T => items[Math.floor(rng.next() * items.length)];
const between = (rng: Random, lo: number, hi: number): number => lo + (hi - lo) * rng.next();
const round = (x: number, digits = 2): number => +x.toFixed(digits);

function drawHazard(rng: Random): Hazard {
  const total = HAZARDS.reduce((s, h) => s + HAZARD_WEIGHTS[h], 0);
  let x = rng.next() * total;
  for (const h of HAZARDS) { x -= HAZARD_WEIGHTS[h]; if (x < 0) return h; }
  return 'none';
}


/** False stationary returns (gantries, bridges, signs, manhole covers: docs/perception.md) per km
 * of this episode's road, 0–1 (mean 0.5: a motorway has a gantry or an overpass every few km). From
 * a stream of their own, in both conditions: they belong to the road, not to the sight. */
function drawFalseReturnsPerKm(seed: number, index: number): number {
  return round(new Random(episodeSeed(seed ^ 0x165667b1, index)).next(), 2);
}

/** Sight conditions, drawn from a stream of their own so that the traffic of episode i is the same
 * under `--conditions clear` and `mixed` (only the weather and the crest differ). */
function drawConditions(seed: number, index: number, hazard: Hazard, at: number): { sensors: Pick<NonNullable<Scenario['sensors']>, 'weather' | 'visibilityM'>; crest?: NonNullable<Scenario['road']['zones']>[number] } {
  const env = new Random(episodeSeed(seed ^ 0x27d4eb2f, index));
  const w = env.next();
  // Rain shortens stationary ranges to 0.7×; fog caps them by the visibility (docs/perception.md).
  const sensors = w < 0.75 ? {} : w < 0.9 ? { weather: 'rain' as const } : { weather: 'fog' as const, visibilityM: round(between(env, 60, 400), 0) };
  const fixedHazard = hazard === 'stoppedVehicle' || hazard === 'debris' || hazard === 'construction' || hazard === 'cutOut';
  if (!fixedHazard || env.next() >= 0.3) return { sensors };
  // A motorway crest (vertical radius 1,500–6,000 m, grades of 2–4 %) whose top is 0–150 m before
  // the hazard: a car beyond it is seen from 120–240 m over the top (a cone from 105–210 m).
  const radiusM = round(between(env, 1500, 6000), 0);
  const topM = at - between(env, 0, 150);
  const halfM = radiusM * between(env, 0.02, 0.04);
  return { sensors, crest: { kind: 'crest', startM: round(topM - halfM, 1), endM: round(topM + halfM, 1), radiusM } };
}

export function generateEpisode(seed: number, index: number, profile: DriverProfile = 'attentive', conditions: Conditions = 'mixed'): EpisodeSpec {
  const rng = new Random(episodeSeed(seed, index));
  const limitKph = pick(rng, [100, 120, 130] as const);
  const setKph = round(Math.min(limitKph, between(rng, 90, 135)), 1);
  const egoMps = setKph * KPH;
  const lengthM = EPISODE_KM * 1000;
  const hazard = drawHazard(rng);
  const objects: ScenarioObject[] = [];
  const zones: NonNullable<Scenario['road']['zones']> = [];
  let designDomainEndM: number | undefined;
  let avoidable = true;

  // Ordinary traffic: often a lead in the ego lane at a comfortable gap, a car in the next lane.
  const hasLead = hazard === 'leadBraking' || hazard === 'cutOut' || rng.next() < 0.5;
  const leadKph = round(setKph - between(rng, 0, 25), 1);
  const leadGapM = round(between(rng, 1.2, 2.5) * leadKph * KPH + 6, 1);
  if (hasLead) objects.push({ id: 'lead', kind: pick(rng, ['car', 'car', 'truck'] as const), xM: leadGapM, lane: 0, speedKph: leadKph });
  if (rng.next() < 0.5) objects.push({ id: 'neighbour', kind: 'car', xM: round(between(rng, -30, 120), 1), lane: 1, speedKph: round(setKph + between(rng, -15, 15), 1) });

  const at = round(between(rng, 500, 1700), 1); // where a fixed hazard sits
  switch (hazard) {
    case 'leadBraking': {
      const decel = round(pick(rng, [1, 2, 3, 4, 6, 8]) * between(rng, 0.9, 1.1), 2);
      const lead = objects.find((o) => o.id === 'lead')!;
      lead.maneuvers = [{ trigger: { atS: round(between(rng, 5, 25), 1) }, accelMps2: -decel, ...(rng.next() < 0.5 ? {} : { untilSpeedKph: round(leadKph * between(rng, 0.2, 0.7), 1) }) }];
      break;
    }
    case 'cutIn': {
      const slowerKph = between(rng, 10, 50);
      const ttcS = round(between(rng, 1.2, 5), 2);
      const speedKph = round(Math.max(setKph - slowerKph, 10), 1);
      objects.push({ id: 'cut-in', kind: 'car', xM: at, lane: 1, speedKph, maneuvers: [{ trigger: { ttcS }, laneChange: 0, durationS: round(between(rng, 1.5, 3), 1) }] });
      // It enters the ego path about half-way through its lane change: judge the gap left then.
      const closing = (setKph - speedKph) * KPH;
      const durationS = objects[objects.length - 1].maneuvers![0].durationS!;
      avoidable = stoppable(closing, closing * (ttcS - durationS / 2));
      break;
    }
    case 'cutOut': {
      const lead = objects.find((o) => o.id === 'lead')!;
      const reveal = round(between(rng, 25, 70), 1);
      lead.maneuvers = [{ trigger: { gapToM: at, lessThanM: reveal }, laneChange: 1, durationS: round(between(rng, 1.5, 2.5), 1) }];
      objects.push({ id: 'stopped-car', kind: 'car', xM: at, lane: 0, speedKph: 0 });
      avoidable = stoppable(leadKph * KPH, Math.min(reveal, STATIONARY_RANGE_M.car));
      break;
    }
    case 'stoppedVehicle':
      objects.push({ id: 'stopped-car', kind: pick(rng, ['car', 'truck'] as const), xM: at, lane: 0, speedKph: 0, offsetM: round(between(rng, -0.6, 0.6), 2) });
      avoidable = stoppable(egoMps, STATIONARY_RANGE_M[objects[objects.length - 1].kind]);
      break;
    case 'debris':
      objects.push({ id: 'debris', kind: pick(rng, ['cone', 'barrier'] as const), xM: at, lane: 0, offsetM: round(between(rng, -0.5, 0.5), 2) });
      avoidable = stoppable(egoMps, STATIONARY_RANGE_M[objects[objects.length - 1].kind]);
      break;
    case 'construction': {
      const announced = rng.next() < 0.7;
      zones.push({ kind: 'construction', startM: at, endM: at + 300, closedLane: 0, announced });
      for (let k = 0; k < 5; k++) objects.push({ id: `cone-${k + 1}`, kind: 'cone', xM: round(at + 1.5 * k, 1), lane: 0, offsetM: round(1.75 - 0.875 * k, 3) });
      objects.push({ id: 'barrier', kind: 'barrier', xM: round(at + 11, 1), lane: 0 });
      const leadCar = objects.find((o) => o.id === 'lead');
      // The closure seen late: the lead swerves out shortly before it.
      if (leadCar) leadCar.maneuvers = [{ trigger: { gapToM: at, lessThanM: round(between(rng, 80, 250), 1) }, laneChange: 1, durationS: 2.5 }];
      break;
    }
    case 'curve':
      zones.push({ kind: 'curve', startM: at, endM: at + 400, radiusM: round(between(rng, 250, 1200), 0) });
      break;
    case 'designDomainEnd':
      designDomainEndM = at;
      break;
    default:
      break;
  }
  // Other road users do not drive through a fixed obstacle: a lead ahead of one leaves the lane
  // before it, revealing it late (the construction-zone accident pattern).
  const lead = objects.find((o) => o.id === 'lead');
  if (lead && !lead.maneuvers && (hazard === 'stoppedVehicle' || hazard === 'debris')) {
    const reveal = round(between(rng, 60, 220), 1);
    lead.maneuvers = [{ trigger: { gapToM: at, lessThanM: reveal }, laneChange: 1, durationS: round(between(rng, 1.5, 2.5), 1) }];
    const obstacle = objects.find((o) => o.id === 'stopped-car' || o.id === 'debris')!;
    // Seen only once the lead has left and within the sensor's reliable range for its kind (docs/perception.md).
    avoidable = stoppable(leadKph * KPH, Math.min(reveal, STATIONARY_RANGE_M[obstacle.kind]));
  }

  const attentive = profile === 'attentive' || rng.next() < 0.7;
  const reactionTimeS = round(attentive ? between(rng, 0.8, 1.5) : between(rng, 1.5, 3), 2);
  const driver: NonNullable<Scenario['driver']> = attentive
    ? { respondsTo: { takeoverRequest: 'brake', fcw: 'brake', aeb: 'brake', hor: 'handsOn', eyesOffWarning: 'eyesOn', mrm: 'brake' }, reactionTimeS, brakeMps2: 6 }
    : {
      handsOn: [{ atS: 0, value: true }, { atS: round(between(rng, 5, 20), 1), value: false }],
      eyesOnRoad: [{ atS: 0, value: true }, { atS: round(between(rng, 10, 30), 1), value: false }, { atS: round(between(rng, 31, 36), 1), value: true }],
      respondsTo: { takeoverRequest: 'brake', horEscalated: 'handsOn', eyesOffEscalated: 'eyesOn', takeControlNow: 'brake', aeb: 'brake' },
      reactionTimeS, brakeMps2: 5,
    };

  // Weather and crests never make a collision unavoidable: the pilot is told its reliable range
  // (stationaryDetectRangeM) and must drive within it; `avoidable` stays judged in clear sight.
  const sight = conditions === 'mixed' ? drawConditions(seed, index, hazard, at) : { sensors: {} };
  if (sight.crest) zones.push(sight.crest);
  const durationS = round(lengthM / Math.max(egoMps, 10) + 8, 1);
  const scenario: Scenario = {
    name: `validate-s${seed}-e${index}`,
    description: `Generated episode ${index} of seed ${seed} (${profile} driver profile): ${hazard}`,
    source: 'hpa validate (seeded highway traffic)',
    durationS,
    road: { speedLimitKph: limitKph, lanes: 3, ...(designDomainEndM !== undefined ? { designDomainEndM } : {}), ...(zones.length ? { zones } : {}) },
    ego: { speedKph: setKph, setSpeedKph: setKph, lane: 0, timeGapS: pick(rng, [1.25, 1.45, 1.75]), assist: 'engaged' },
    objects,
    driver,
    sensors: { seed: episodeSeed(seed ^ 0x5bd1e995, index) % 1_000_000, ...sight.sensors, ghosts: { perKm: drawFalseReturnsPerKm(seed, index) } },
  };
  return { scenario, hazard, avoidable, lengthKm: EPISODE_KM };
}
