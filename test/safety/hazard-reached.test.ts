// Every library scenario can fail (issue 7 item 5): on 1.0.0 each run lasts until its hazard is
// reached — a contact, the car standing still, or the car past every stationary object in its
// lane, past the design-domain end, and every scripted manoeuvre triggered. A scenario that stops
// before its hazard would pass any firmware.
import { describe, expect, it } from 'vitest';
import { Ecu } from '../../host/ecu/ecu.js';
import { shippedScenarioFiles } from '../../host/sim/library.js';
import { EcuController } from '../../host/runner/controller.js';
import { Simulation } from '../../host/sim/simulation.js';
import type { Scenario } from '../../host/sim/scenario.js';

const STANDING_MPS = 0.1;

/** Why the run on `firmware` ended before its hazard, or null if the hazard was reached. */
export function hazardNotReached(s: Scenario, firmware: string): string | null {
  const sim = new Simulation(s, new EcuController(Ecu.load(firmware)));
  const startY = sim.ego.yM;
  while (!sim.done) sim.step();
  if (sim.contact) return null;
  const standing = sim.ego.speedMps < STANDING_MPS;
  for (const o of sim.objects) {
    const fired = (o as unknown as { fired: boolean[] }).fired;
    if (fired.some((f) => !f)) return `${o.id}: a scripted manoeuvre never triggered`;
    const inLane = Math.abs(o.yM - startY) < (o.widthM + 1.9) / 2;
    // Euro NCAP: a run also ends when the ego is slower than the target.
    const closing = sim.ego.speedMps > o.speedMps + 0.2; // m/s: a pilot following a crawling target is not closing
    if (o.stationary && inLane && o.gapM(sim.ego) > 0 && !standing && closing) return `${o.id} still ${o.gapM(sim.ego).toFixed(0)} m ahead at ${sim.ego.speedMps.toFixed(1)} m/s when the run ends`;
  }
  const end = s.road.designDomainEndM;
  if (end !== undefined && sim.ego.xM < end && !standing && sim.events.every((e) => e.type !== 'driverTakeover' && e.type !== 'mrm')) {
    return `design-domain end ${(end - sim.ego.xM).toFixed(0)} m ahead, nobody took over`;
  }
  return null;
}

describe('every shipped scenario reaches its hazard on 1.0.0', () => {
  const cases = shippedScenarioFiles().flatMap((f) => f.variants.filter((v) => v.expect).map((v) => [v.name, v] as const));
  it.each(cases)('%s', (_n, s) => {
    expect(hazardNotReached(s, '1.0.0')).toBeNull();
  });
});
