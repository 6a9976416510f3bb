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
import { CYCLE_S } from '../../abi/signals.js';
import { IN } from '../ecu/abi-views.js';
import type { Controller } from '../runner/controller.js';
import { actuate } from '../sim/plant.js';
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

/** The ECU's first frame that reported the object: the true state of ego and object then. */
export interface FirstReport { tS: number; gapM: number; egoSpeedMps: number; egoAccelMps2: number; objectSpeedMps: number }

/** The first cycle at which object `objectId` was in view of the ego (null: never before contact). */
export function measureReveal(scenario: Scenario, controller: Controller, objectId: string): Reveal | null {
  return measureSight(scenario, controller, objectId).reveal;
}

/** When the object came into view (`reveal`, the ideal car's rule) and when the ECU's frame first
 * reported it (`reported`), in one replay. */
export function measureSight(scenario: Scenario, controller: Controller, objectId: string): { reveal: Reveal | null; reported: FirstReport | null } {
  let reveal: Reveal | null = null;
  let reported: FirstReport | null = null;
  // The ego before this cycle's plant step: the state the frame was written in (objects move
  // before the frame, the ego after the ECU's answer).
  let egoSpeedMps = 0, egoAccelMps2 = 0, egoXM = 0; // set by every call, read from the second on
  const onCycle = (sim: Simulation) => {
    const ego = sim.ego;
    if (reported === null && sim.cycle > 1) {
      const index = sim.sensor.reportedObjectIndex;
      const o = index >= 0 ? sim.objects[index] : null;
      if (o !== null && o.id === objectId && sim.frame[IN.leadValid] === 1) {
        reported = { tS: +(sim.tS - CYCLE_S).toFixed(2), gapM: o.gapM(ego) + (ego.xM - egoXM), egoSpeedMps, egoAccelMps2, objectSpeedMps: o.speedMps };
      }
    }
    egoSpeedMps = ego.speedMps; egoAccelMps2 = ego.accelMps2; egoXM = ego.xM;
    if (reveal !== null) return;
    // The simulation's own ground truth for "nearest in the path" (ranges are checked below, per kind).
    const o = SensorModel.nearestInPath(sim.objects, ego, Infinity, Infinity);
    if (o === null || o.id !== objectId) return;
    const nearestGapM = o.gapM(ego);
    const kind = o.spec.kind;
    const moving = !o.stationary && (kind === 'car' || kind === 'truck');
    if (nearestGapM > (moving ? MOVING_RANGE_M : STATIONARY_RANGE_M[kind])) return;
    reveal = { tS: +sim.tS.toFixed(2), gapM: nearestGapM, closingMps: Math.max(ego.speedMps - o.speedMps, 0) };
  };
  runScenario(scenario, { controller, onCycle });
  return { reveal, reported };
}

/** The gap this car would have kept had its ECU demanded MAX_BRAKE_MPS2 from the frame that first
 * reported the object (0: contact): the car's own actuator (plant.ts: first-order lag) from its
 * state then, the object holding its speed; no perception or ECU latency beyond what the frame
 * already carried. A collision with a margin above 0 is the firmware's: the ECU was told in time. */
export function stopMarginFromReport(r: FirstReport): number {
  let v = r.egoSpeedMps, a = r.egoAccelMps2, gap = r.gapM;
  for (let i = 0; i < 6000 && v > r.objectSpeedMps; i++) {
    a = actuate(a, -MAX_BRAKE_MPS2, v, CYCLE_S);
    v = Math.max(v + a * CYCLE_S, 0);
    gap -= (v - r.objectSpeedMps) * CYCLE_S;
    if (gap <= 0) return 0;
  }
  return gap;
}
