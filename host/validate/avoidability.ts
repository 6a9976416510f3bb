// Avoidability judged on the run itself: when did the object the ego hit come into view, and could
// a car braking at 9 m/s² after 0.3 s of latency have stopped (or matched its speed) in the gap it
// had then? "In view" is the generator's rule, measured instead of planned: the object is the
// nearest one in the ego path (a lead leaving has left it, a car cutting in has entered it) and
// within the clear-weather reliable range for its kind. The generator plans the reveal from the
// script (the trigger gap of a cut-out, half-way through a cut-in), and the plan errs both ways: a
// metre too short in episode 93999 of seed 2029, and often far too short in cut-outs where the truck
// clears the path while the ego is still well back (303 such collisions per 10⁶ km of seed 2030 were
// avoidable). This replays the episode and measures it.
// Weather and crests are left out on purpose: the pilot is told its reliable range and must drive
// within it, so poor sight never makes a collision unavoidable.
// The ECU is given one object, the nearest in its path. A perception that reported an object list
// would show a stopped car beside a truck still leaving the lane earlier (93999: at 64 m instead of
// 51 m); that is a limit of this ABI, not counted here (docs/validation.md).
import type { Controller } from '../runner/controller.js';
import { STATIONARY_RANGE_M } from '../sim/perception/config.js';
import { runScenario } from '../sim/run.js';
import { SensorModel } from '../sim/sensor.js';
import type { Scenario } from '../sim/scenario.js';
import type { Simulation } from '../sim/simulation.js';

export const MAX_BRAKE_MPS2 = 9;
export const LATENCY_S = 0.3;
/** The radar's range for a moving car or truck (docs/perception.md); other kinds as if stationary. */
const MOVING_RANGE_M = 250;

/** Stopping a closing speed within a gap, with latency: physically possible at MAX_BRAKE_MPS2? */
export function stoppable(closingMps: number, gapM: number): boolean {
  const usable = gapM - closingMps * LATENCY_S;
  return usable > 0 && (closingMps * closingMps) / (2 * usable) <= MAX_BRAKE_MPS2;
}

export interface Reveal { tS: number; gapM: number; closingMps: number }

/** The first cycle at which object `objectId` was in view of the ego (null: never before contact). */
export function measureReveal(scenario: Scenario, controller: Controller, objectId: string): Reveal | null {
  let reveal: Reveal | null = null;
  const onCycle = (sim: Simulation) => {
    if (reveal !== null) return;
    // The simulation's own ground truth for "nearest in the path" (ranges are checked below, per kind).
    const o = SensorModel.nearestInPath(sim.objects, sim.ego, Infinity, Infinity);
    if (o === null || o.id !== objectId) return;
    const ego = sim.ego, nearestGapM = o.gapM(ego);
    const kind = o.spec.kind;
    const moving = !o.stationary && (kind === 'car' || kind === 'truck');
    if (nearestGapM > (moving ? MOVING_RANGE_M : STATIONARY_RANGE_M[kind])) return;
    reveal = { tS: +sim.tS.toFixed(2), gapM: nearestGapM, closingMps: Math.max(ego.speedMps - o.speedMps, 0) };
  };
  runScenario(scenario, { controller, onCycle });
  return reveal;
}
