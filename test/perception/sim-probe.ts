// Helpers for the perception tests: drive a scenario with a controller that never acts (the
// driver holds the speed) and read what the perception writes into the frame each cycle.
import { IN } from '../../host/ecu/abi-views.js';
import type { Controller } from '../../host/runner/controller.js';
import type { Scenario, ScenarioObject, SensorSpec } from '../../host/sim/scenario.js';
import { Simulation } from '../../host/sim/simulation.js';

export const passive: Controller = { ecu: null as never, cycle: (_f, out) => { out.fill(0); } };

export interface Sample { tS: number; valid: boolean; distM: number; relSpeedMps: number; accelMps2: number; kind: number; reportM: number; truthGapM: number[] }

export function probe(objects: ScenarioObject[], sensors: SensorSpec, opts: { egoKph?: number; durationS?: number; road?: Partial<Scenario['road']> } = {}): { sim: Simulation; samples: Sample[] } {
  const scenario: Scenario = {
    name: 'perception-probe', durationS: opts.durationS ?? 20,
    road: { speedLimitKph: 130, lanes: 3, ...opts.road },
    ego: { speedKph: opts.egoKph ?? 60, lane: 1, assist: 'off' },
    objects, sensors,
  };
  const sim = new Simulation(scenario, passive);
  const samples: Sample[] = [];
  while (!sim.done) {
    sim.step();
    const f = sim.frame;
    samples.push({
      tS: sim.tS, valid: f[IN.leadValid] === 1, distM: f[IN.leadDistM], relSpeedMps: f[IN.leadRelSpeedMps], accelMps2: f[IN.leadAccelMps2],
      kind: f[IN.leadKind], reportM: f[IN.stationaryDetectRangeM], truthGapM: sim.objects.map((o) => o.gapM(sim.ego)),
    });
  }
  return { sim, samples };
}

/** Gap to the object (truth) when the perception first reports something. */
export function firstReportGapM(samples: Sample[], object = 0): number {
  const s = samples.find((x) => x.valid);
  return s ? s.truthGapM[object] : -1;
}
