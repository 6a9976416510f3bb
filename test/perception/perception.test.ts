// The perception model (issue 7 item 5): each way it departs from an oracle, checked against the
// defaults and formulas docs/perception.md states.
import { describe, expect, it } from 'vitest';
import { OBJECT_KINDS } from '../../abi/signals.js';
import { CLASSIFY_RANGE_M, STATIONARY_RANGE_M } from '../../host/sim/perception/config.js';
import { coveredFraction } from '../../host/sim/perception/detection.js';
import { crestSightLimitM, curveSightM } from '../../host/sim/perception/sight.js';
import { Road } from '../../host/sim/world.js';
import { firstReportGapM, probe, type Sample } from './sim-probe.js';

const KIND = (k: (typeof OBJECT_KINDS)[number]) => OBJECT_KINDS.indexOf(k);
const std = (xs: number[]) => { const m = xs.reduce((a, b) => a + b, 0) / xs.length; return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / xs.length); };
const stationary = (kind: 'car' | 'truck' | 'cone' | 'barrier', xM = 320) => [{ id: kind, kind, lane: 1, xM, speedKph: 0 }];

describe('detection over range depends on the object kind', () => {
  for (const kind of ['truck', 'car', 'barrier', 'cone'] as const) {
    it(`a stationary ${kind} is reported inside its reliable range (${STATIONARY_RANGE_M[kind]} m) and not beyond 1.3× it`, () => {
      const gap = firstReportGapM(probe(stationary(kind), { seed: 5, misclassification: { rate: 0 } }, { egoKph: 100 }).samples);
      expect(gap).toBeGreaterThan(STATIONARY_RANGE_M[kind] - 100 / 3.6 * 0.4); // seen by the time it is in range (+ latency and confirmation)
      expect(gap).toBeLessThan(Math.min(1.3 * STATIONARY_RANGE_M[kind], 320));
    });
  }
  it('the legacy stationaryRangeM still sets one range for every stationary kind (a cone at 150 m)', () => {
    const gap = firstReportGapM(probe(stationary('cone'), { seed: 5, stationaryRangeM: 150, misclassification: { rate: 0 } }, { egoKph: 100 }).samples);
    expect(gap).toBeGreaterThan(150 - 100 / 3.6 * 0.4);
    expect(gap).toBeLessThan(1.3 * 150);
  });
  it('a cone is first reported at less than half the distance of a car', () => {
    const cone = firstReportGapM(probe(stationary('cone'), { seed: 5 }, { egoKph: 100 }).samples);
    const car = firstReportGapM(probe(stationary('car'), { seed: 5 }, { egoKph: 100 }).samples);
    expect(cone).toBeLessThan(car / 2);
  });
});

describe('weather shortens detection; the perception reports its own stationary range', () => {
  const run = (weather: 'clear' | 'rain' | 'fog') => probe(stationary('car'), { seed: 6, weather }, { egoKph: 100 }).samples;
  it('clear weather: the report is the car range (200 m), not the firmware calibration’s 150 m', () => {
    expect(run('clear')[0].reportM).toBe(STATIONARY_RANGE_M.car);
  });
  it('rain: the report and the first detection fall to 70 %', () => {
    const s = run('rain');
    expect(s[0].reportM).toBeCloseTo(0.7 * STATIONARY_RANGE_M.car, 6);
    expect(firstReportGapM(s)).toBeLessThan(1.3 * 0.7 * STATIONARY_RANGE_M.car);
  });
  it('fog (80 m visibility): a stationary car is not reported beyond 1.3× the visibility, a cone far shorter', () => {
    const s = run('fog');
    expect(s[0].reportM).toBe(80);
    expect(firstReportGapM(s)).toBeLessThan(1.3 * 80);
    expect(firstReportGapM(probe(stationary('cone'), { seed: 6, weather: 'fog' }, { egoKph: 60 }).samples)).toBeLessThan(1.3 * 80 * STATIONARY_RANGE_M.cone / STATIONARY_RANGE_M.car);
  });
  it('the self-report can be optimistic or pessimistic by a configured bias', () => {
    expect(probe([], { seed: 1, selfReport: { bias: 0.25 } }, { durationS: 0.1 }).samples[0].reportM).toBe(250);
    expect(probe([], { seed: 1, selfReport: { bias: -0.5 } }, { durationS: 0.1 }).samples[0].reportM).toBe(100);
    expect(probe([], { seed: 1, selfReport: { forKind: 'cone' } }, { durationS: 0.1 }).samples[0].reportM).toBe(STATIONARY_RANGE_M.cone);
  });
});

describe('range and speed noise grow with range', () => {
  const errors = (gapM: number) => {
    const { samples } = probe([{ id: 'lead', kind: 'car', lane: 1, xM: gapM, speedKph: 80 }], { seed: 9 }, { egoKph: 80, durationS: 30 });
    const seen = samples.filter((s) => s.valid).slice(20);
    return { dist: std(seen.map((s) => s.distM - gapM)), speed: std(seen.map((s) => s.relSpeedMps)) };
  };
  it('σ at 180 m is over 2.5× σ at 20 m (0.1 m + 0.2 % of range; 0.05 m/s + 0.0005 /m)', () => {
    const near = errors(20), far = errors(180);
    expect(far.dist / near.dist).toBeGreaterThan(2.5);
    expect(far.dist).toBeGreaterThan(0.35);
    expect(far.speed / near.speed).toBeGreaterThan(1.8);
  });
});

describe('the lead acceleration is a tracker estimate, not the truth', () => {
  const lead = [{ id: 'lead', kind: 'car' as const, lane: 1, xM: 40, speedKph: 80, maneuvers: [{ trigger: { atS: 5 }, accelMps2: -3, untilSpeedKph: 20 }] }];
  const { samples } = probe(lead, { seed: 4 }, { egoKph: 80, durationS: 12 });
  const at = (tS: number) => samples.find((s) => s.tS >= tS - 1e-9)!;
  it('lags the onset of braking and then converges to the true −3 m/s²', () => {
    expect(at(5.15).accelMps2).toBeGreaterThan(-1.5);
    expect(at(7).accelMps2).toBeCloseTo(-3, 0);
  });
});

describe('misclassification at long range', () => {
  const cone = (rate: number, beyondFraction?: number) =>
    probe(stationary('cone', 150), { seed: 2, misclassification: { rate, asKind: 'none', beyondFraction } }, { egoKph: 60 }).samples.filter((s) => s.valid);
  const splitAt = (seen: Sample[], limitM: number) => ({ far: seen.filter((s) => s.distM > limitM + 2), near: seen.filter((s) => s.distM < limitM - 2) });
  it('at rate 1 a cone is "none" until it spans 15 camera pixels (≈ 27 m), a cone closer in', () => {
    expect(CLASSIFY_RANGE_M.cone).toBeCloseTo(0.3 * (960 / Math.tan(35 * Math.PI / 180)) / 15, 6);
    const { far, near } = splitAt(cone(1), CLASSIFY_RANGE_M.cone);
    expect(far.length).toBeGreaterThan(0);
    expect(far.every((s) => s.kind === KIND('none'))).toBe(true);
    expect(near.every((s) => s.kind === KIND('cone'))).toBe(true);
  });
  it('beyondFraction moves the limit to a fraction of the kind’s reliable range', () => {
    const { far, near } = splitAt(cone(1, 0.7), 0.7 * STATIONARY_RANGE_M.cone);
    expect(far.every((s) => s.kind === KIND('none'))).toBe(true);
    expect(near.every((s) => s.kind === KIND('cone'))).toBe(true);
  });
  it('at rate 0 it is a cone at every range', () => {
    expect(cone(0).every((s) => s.kind === KIND('cone'))).toBe(true);
  });
});

describe('occlusion: the lead hides a stopped car until it swerves', () => {
  const objects = [
    { id: 'lead', kind: 'car' as const, lane: 1, xM: 40, speedKph: 80, maneuvers: [{ trigger: { atS: 3 }, laneChange: 2, durationS: 2 }] },
    { id: 'stopped', kind: 'car' as const, lane: 1, xM: 180, speedKph: 0 },
  ];
  const trackedAt = (enabled: boolean, tS: number) => {
    const { sim } = probe(objects, { seed: 3, occlusion: { enabled } }, { egoKph: 80, durationS: tS });
    return sim.sensor.isTracked(1, sim.objects[1]);
  };
  it('hidden while the lead covers it, tracked once the lead has moved over; without occlusion always tracked', () => {
    expect(trackedAt(true, 2.5)).toBe(false);
    expect(trackedAt(false, 2.5)).toBe(true);
    expect(trackedAt(true, 5.5)).toBe(true);
  });
  it('covered fraction: a car straight ahead covers a farther one fully, one a lane over not at all', () => {
    const gap = Float64Array.of(40, 150), y = Float64Array.of(0, 0), w = Float64Array.of(1.8, 1.8);
    expect(coveredFraction(1, 2, gap, y, w, 0)).toBe(1);
    expect(coveredFraction(1, 2, gap, Float64Array.of(3.5, 0), w, 0)).toBe(0);
  });
});

describe('road geometry limits sight', () => {
  it('curve: S = √(8·R·m) past an obstruction m to the side, capped by the ±9° field of view', () => {
    expect(curveSightM(500, 5)).toBeCloseTo(Math.sqrt(8 * 500 * 5), 6);
    expect(curveSightM(2000, 50)).toBeCloseTo(2 * 2000 * Math.sin(9 * Math.PI / 180), 6);
  });
  it('in a 500 m curve a stationary car is first reported within the sight distance and the report falls to it', () => {
    const { samples } = probe(stationary('car', 250), { seed: 8 }, { egoKph: 60, road: { zones: [{ kind: 'curve', startM: 0, endM: 2000, radiusM: 500 }] } });
    expect(firstReportGapM(samples)).toBeLessThanOrEqual(curveSightM(500, 5) + 1);
    expect(samples[0].reportM).toBeCloseTo(curveSightM(500, 5), 6);
  });
  it('crest: sight distance √(2R·h1) + √(2R·h2) when both ends are on the vertical curve', () => {
    const crest = [{ kind: 'crest' as const, startM: 0, endM: 1000, radiusM: 10000 }];
    expect(crestSightLimitM(crest, 200, 0.6, 300)).toBeCloseTo(Math.sqrt(2 * 10000 * 1.3) + Math.sqrt(2 * 10000 * 0.6), 1);
  });
  it('the self-report falls before a tight crest and recovers beyond it', () => {
    const { samples } = probe([], { seed: 8 }, { egoKph: 100, durationS: 40, road: { zones: [{ kind: 'crest', startM: 300, endM: 700, radiusM: 3000 }] } });
    const lowest = Math.min(...samples.map((s) => s.reportM));
    expect(samples[0].reportM).toBe(STATIONARY_RANGE_M.car);
    expect(lowest).toBeLessThan(0.9 * STATIONARY_RANGE_M.car);
    expect(lowest).toBeGreaterThan(Math.sqrt(2 * 3000 * 1.3) + Math.sqrt(2 * 3000 * 1.12) - 1);
    expect(samples[samples.length - 1].reportM).toBe(STATIONARY_RANGE_M.car);
  });
});

describe('map data that is late or wrong', () => {
  const zone = (extra: object) => new Road({ speedLimitKph: 120, lanes: 2, zones: [{ kind: 'construction', startM: 1000, endM: 1500, closedLane: 0, ...extra }] });
  it('announced late: unknown until the ego is within announceDistM of the start', () => {
    const road = zone({ announceDistM: 300 });
    expect(road.constructionAhead(600, 0)).toBeNull();
    expect(road.constructionAhead(750, 0)?.distM).toBe(250);
  });
  it('wrong distance: the start is placed mapErrorM later than it is', () => {
    expect(zone({ mapErrorM: 120 }).constructionAhead(500, 0)?.distM).toBe(620);
  });
});

describe('false stationary returns', () => {
  const drive = (perKm: number, seed = 11) => probe([], { seed, ghosts: { perKm } }, { egoKph: 100, durationS: 300 }).samples;
  const episodes = (samples: Sample[]) => samples.filter((s, i) => s.valid && !samples[i - 1]?.valid);
  it('about perKm × distance returns, each reported stationary (relative speed = −ego speed) and in the configured class', () => {
    const samples = drive(2);
    const km = 100 / 3.6 * 300 / 1000;
    const n = episodes(samples).length;
    expect(n).toBeGreaterThan(0.5 * 2 * km);
    expect(n).toBeLessThan(1.5 * 2 * km);
    for (const s of samples.filter((x) => x.valid)) {
      expect(s.relSpeedMps).toBeCloseTo(-100 / 3.6, 0);
      expect(s.kind).toBe(KIND('car'));
    }
  });
  it('none at rate 0', () => {
    expect(drive(0).some((s) => s.valid)).toBe(false);
  });
});

describe('determinism', () => {
  const rich = (seed: number) => probe(
    [{ id: 'lead', kind: 'car', lane: 1, xM: 50, speedKph: 90, maneuvers: [{ trigger: { atS: 4 }, laneChange: 0, durationS: 2 }] }, { id: 'cone', kind: 'cone', lane: 1, xM: 600 }],
    { seed, weather: 'rain', ghosts: { perKm: 4 }, dropoutRate: 0.05, misclassification: { rate: 0.5 } },
    { egoKph: 100, durationS: 25, road: { zones: [{ kind: 'curve', startM: 200, endM: 400, radiusM: 800 }, { kind: 'crest', startM: 450, endM: 650, radiusM: 4000 }] } },
  ).samples;
  const bytes = (samples: Sample[]) => Buffer.from(Float64Array.from(samples.flatMap((s) => [s.tS, +s.valid, s.distM, s.relSpeedMps, s.accelMps2, s.kind, s.reportM])).buffer);
  it('the same seed gives bit-identical frames; another seed does not', () => {
    expect(bytes(rich(21)).equals(bytes(rich(21)))).toBe(true);
    expect(bytes(rich(21)).equals(bytes(rich(22)))).toBe(false);
  });
});
