// The shipped perception scenarios: each reaches its hazard (contact or standstill, so it can
// fail), and each shows the perception effect it was written for.
import { describe, expect, it } from 'vitest';
import { IN } from '../../host/ecu/abi-views.js';
import { runScenario } from '../../host/sim/run.js';
import { Simulation } from '../../host/sim/simulation.js';
import { shipped } from '../helpers.js';
import { passive } from './sim-probe.js';

const FILES = ['perception-occluded-stopped-car', 'perception-cone-closure-fog', 'perception-crest', 'perception-late-map'];

describe('perception scenarios reach their hazard', () => {
  for (const file of FILES) for (const version of ['1.0.0', '1.1.0']) {
    it(`${file} on ${version} ends in contact or at standstill`, () => {
      const r = runScenario(shipped(`${file}.json`)[0], { firmware: version });
      expect(r.collision || r.finalSpeedKph === 0).toBe(true);
      expect(r.phantomBrakes).toEqual([]);
    });
  }
});

/** Steps a scenario with a controller that never acts and returns the frames' values of `signal`. */
function frames(file: string, signal: keyof typeof IN, durationS: number): { xM: number; value: number }[] {
  const scenario = { ...shipped(`${file}.json`)[0], durationS, objects: [] };
  const sim = new Simulation(scenario, passive);
  const out: { xM: number; value: number }[] = [];
  while (!sim.done) { const xM = sim.ego.xM; sim.step(); out.push({ xM, value: sim.frame[IN[signal]] }); }
  return out;
}

describe('what each perception scenario shows', () => {
  it('occluded stopped car: no track on it while the truck covers it', () => {
    const s = shipped('perception-occluded-stopped-car.json')[0];
    const sim = new Simulation(s, passive);
    while (sim.tS < 20) {
      sim.step();
      expect(sim.sensor.isTracked(1, sim.objects[1])).toBe(false);
    }
  });
  it('fog: the perception reports 80 m (the visibility), not a fixed calibration', () => {
    expect(frames('perception-cone-closure-fog', 'stationaryDetectRangeM', 1).every((f) => f.value === 80)).toBe(true);
  });
  it('crest: the reported range falls to the crest’s sight distance (≈ 155 m for a car) before the top', () => {
    const f = frames('perception-crest', 'stationaryDetectRangeM', 45);
    const sightM = Math.sqrt(2 * 2500 * 1.3) + Math.sqrt(2 * 2500 * 1.12);
    const lowest = Math.min(...f.map((x) => x.value));
    expect(lowest).toBeGreaterThan(sightM - 1);
    expect(lowest).toBeLessThan(sightM + 15);
    expect(f[0].value).toBe(200);
  });
  it('late map: the zone is unknown until 250 m before it, then announced 60 m too far', () => {
    const valid = frames('perception-late-map', 'zoneValid', 50);
    const dist = frames('perception-late-map', 'zoneDistM', 50);
    const first = valid.findIndex((f) => f.value === 1);
    expect(1500 - valid[first].xM).toBeLessThanOrEqual(250.5);
    expect(1500 - valid[first].xM).toBeGreaterThan(249);
    expect(dist[first].value - (1500 - dist[first].xM)).toBeCloseTo(60, 0);
  });
});

describe('closed-loop determinism with the perception model', () => {
  it('the same firmware, scenario and seed give bit-identical results and traces; another seed differs', () => {
    const s = shipped('perception-cone-closure-fog.json')[0];
    const ghosts = { ...s, sensors: { ...s.sensors, ghosts: { perKm: 5 }, weather: 'rain' as const } };
    const once = (seed: number) => JSON.stringify(runScenario({ ...ghosts, sensors: { ...ghosts.sensors, seed } }, { firmware: '1.1.0', trace: true }));
    expect(once(5)).toBe(once(5));
    expect(once(5)).not.toBe(once(6));
  });
});
