// More of the storyboard: relative and continuous speed targets, keeping a distance, lane offsets,
// event priorities and repetitions, collisions, qualified names, and road curvature fed to the ECU.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IN } from '../../host/ecu/abi-views.js';
import { Ecu } from '../../host/ecu/ecu.js';
import { EcuController } from '../../host/runner/controller.js';
import type { Scenario } from '../../host/sim/scenario.js';
import { Simulation } from '../../host/sim/simulation.js';
import { loadScenarioAny } from '../../host/xosc/load.js';
import { atTime, event, FIXTURES, speed, stopAt, story, teleport, writeFiles, xosc, type Parts } from './compose.js';

const load = (p: Parts, egoMode: 'engaged' | 'aeb-only' | 'hold' = 'aeb-only'): Scenario => loadScenarioAny(writeFiles({ 's.xosc': xosc(p) }), { egoMode }).variants[0];
function simulate(s: Scenario, probe: (sim: Simulation) => void = () => {}): Simulation {
  const sim = new Simulation(s, new EcuController(Ecu.load('1.1.0')));
  while (!sim.done) { sim.step(); probe(sim); }
  return sim;
}
const side = `<Private entityRef="Ego">${teleport(-1, 50)}${speed(20)}</Private><Private entityRef="Lead">${teleport(-2, 80)}${speed(10)}</Private>`;
const relSpeed = (type: string, value: number, continuous: boolean) => `<PrivateAction><LongitudinalAction><SpeedAction><SpeedActionDynamics dynamicsShape="step" dynamicsDimension="time" value="0"/><SpeedActionTarget><RelativeTargetSpeed entityRef="Ego" value="${value}" speedTargetValueType="${type}" continuous="${continuous}"/></SpeedActionTarget></SpeedAction></LongitudinalAction></PrivateAction>`;

describe('relative speed targets', () => {
  it('factor 1.2 of the ego speed (esmini cut-in.xosc uses it)', () => {
    const sim = simulate(load({ init: side, stories: story('Lead', event('E', relSpeed('factor', 1.2, false), atTime(1))), stop: stopAt(2) }));
    expect(sim.objects[0].speedMps).toBeCloseTo(24, 9);
  });
  it('continuous delta follows the ego speed as it changes (ego brakes for a stopped car ahead)', () => {
    const init = `<Private entityRef="Ego">${teleport(-1, 50)}${speed(20)}</Private><Private entityRef="Lead">${teleport(-2, 40)}${speed(10)}</Private>`;
    const entities = '<ScenarioObject name="Ego"><CatalogReference catalogName="VehicleCatalog" entryName="car"/></ScenarioObject><ScenarioObject name="Lead"><CatalogReference catalogName="VehicleCatalog" entryName="car"/></ScenarioObject><ScenarioObject name="Wall"><MiscObject name="w" miscObjectCategory="barrier" mass="1"><BoundingBox><Center x="0" y="0" z="0.5"/><Dimensions width="3" length="0.5" height="1"/></BoundingBox><Properties/></MiscObject></ScenarioObject>';
    const s = load({ entities, init: init + `<Private entityRef="Wall">${teleport(-1, 200)}</Private>`, stories: story('Lead', event('E', relSpeed('delta', -2, true), atTime(0))), stop: stopAt(12) });
    let worst = 0;
    simulate(s, (sim) => { if (sim.tS > 0.05) worst = Math.max(worst, Math.abs(sim.objects[0].speedMps - Math.max(sim.ego.speedMps - 2, 0))); });
    expect(worst).toBeLessThan(0.2);
  });
});

describe('LongitudinalDistanceAction', () => {
  it('keeps the distance to the ego (freespace 15 m, continuous)', () => {
    const keep = '<PrivateAction><LongitudinalAction><LongitudinalDistanceAction entityRef="Ego" distance="15" freespace="true" continuous="true" displacement="leadingReferencedEntity"/></LongitudinalAction></PrivateAction>';
    const sim = simulate(load({ init: side, stories: story('Lead', event('Keep', keep, atTime(1))), stop: stopAt(4) }));
    expect(sim.objects[0].xM - sim.ego.xM).toBeCloseTo(15, 0);
  });
  it('with DynamicConstraints, closes in without exceeding the deceleration limit', () => {
    const keep = '<PrivateAction><LongitudinalAction><LongitudinalDistanceAction entityRef="Ego" timeGap="1" freespace="true" continuous="true" displacement="leadingReferencedEntity"><DynamicConstraints maxAcceleration="2" maxDeceleration="3" maxSpeed="40"/></LongitudinalDistanceAction></LongitudinalAction></PrivateAction>';
    let minAccel = 0;
    simulate(load({ init: side, stories: story('Lead', event('Keep', keep, atTime(1))), stop: stopAt(20) }), (sim) => { minAccel = Math.min(minAccel, sim.objects[0].accelMps2); });
    expect(minAccel).toBeGreaterThanOrEqual(-3 - 1e-9);
  });
});

describe('LaneOffsetAction', () => {
  it('moves the vehicle 1 m to the left of its lane centre (sinusoidal, max lateral acceleration)', () => {
    const offset = '<PrivateAction><LateralAction><LaneOffsetAction continuous="false"><LaneOffsetActionDynamics maxLateralAcc="0.5" dynamicsShape="sinusoidal"/><LaneOffsetTarget><AbsoluteTargetLaneOffset value="1"/></LaneOffsetTarget></LaneOffsetAction></LateralAction></PrivateAction>';
    const s = load({ init: side, stories: story('Lead', event('Drift', offset, atTime(0))), stop: stopAt(6) });
    const y0 = s.objects![0].lane * s.road.laneWidthM! + (s.objects![0].offsetM ?? 0);
    const sim = simulate(s);
    expect(sim.objects[0].yM - y0).toBeCloseTo(1, 9);
  });
});

describe('events', () => {
  it('priority skip: an event does not start while another in its maneuver runs', () => {
    const slow = '<PrivateAction><LongitudinalAction><SpeedAction><SpeedActionDynamics dynamicsShape="linear" dynamicsDimension="rate" value="1"/><SpeedActionTarget><AbsoluteTargetSpeed value="2"/></SpeedActionTarget></SpeedAction></LongitudinalAction></PrivateAction>';
    const sim = simulate(load({ init: side, stories: story('Lead', event('Slow', slow, atTime(0), 'parallel') + event('Stop', speed(0), atTime(1), 'skip')), stop: stopAt(3) }));
    expect(sim.objects[0].speedMps).toBeCloseTo(10 - 3, 6);
  });
  it('maximumExecutionCount 3: the event runs three times', () => {
    const add = '<GlobalAction><VariableAction variableRef="N"><ModifyAction><Rule><AddValue value="1"/></Rule></ModifyAction></VariableAction></GlobalAction>';
    const when = '<StartTrigger><ConditionGroup><Condition name="v" delay="0" conditionEdge="none"><ByValueCondition><VariableCondition variableRef="N" value="3" rule="equalTo"/></ByValueCondition></Condition></ConditionGroup></StartTrigger>';
    const s = load({ variables: '<VariableDeclarations><VariableDeclaration name="N" variableType="integer" value="0"/></VariableDeclarations>', init: side,
      stories: story('Lead', event('Count', add, atTime(1), 'parallel', ' maximumExecutionCount="3"') + event('Stop', speed(0), when, 'parallel')), stop: stopAt(3) });
    let stoppedAt = -1;
    simulate(s, (sim) => { if (stoppedAt < 0 && sim.objects[0].speedMps === 0) stoppedAt = sim.tS; });
    expect(stoppedAt).toBeGreaterThan(1);
    expect(stoppedAt).toBeLessThan(1.2);
  });
  it('a qualified name picks the action of one event among actions of the same name', () => {
    const stop = '<StopTrigger><ConditionGroup><Condition name="c" delay="0" conditionEdge="none"><ByValueCondition><StoryboardElementStateCondition storyboardElementType="action" storyboardElementRef="Second::SecondAction" state="endTransition"/></ByValueCondition></Condition></ConditionGroup></StopTrigger>';
    const sim = simulate(load({ init: side, stories: story('Lead', event('First', speed(9), atTime(1), 'parallel') + event('Second', speed(8), atTime(2), 'parallel')), stop }));
    expect(sim.tS).toBeGreaterThan(2);
    expect(sim.tS).toBeLessThan(2.1);
  });
});

describe('collisions and curvature', () => {
  it('a Collision condition sees the ego hit the stopped car (hold mode: no braking)', () => {
    const init = `<Private entityRef="Ego">${teleport(-1, 50)}${speed(20)}</Private><Private entityRef="Lead">${teleport(-1, 100)}${speed(0)}</Private>`;
    const stop = '<StopTrigger><ConditionGroup><Condition name="c" delay="0" conditionEdge="none"><ByEntityCondition><TriggeringEntities triggeringEntitiesRule="any"><EntityRef entityRef="Ego"/></TriggeringEntities><EntityCondition><CollisionCondition><EntityRef entityRef="Lead"/></CollisionCondition></EntityCondition></ByEntityCondition></Condition></ConditionGroup></StopTrigger>';
    const sim = simulate(load({ init, stop }, 'hold'));
    expect(sim.contact?.objectId).toBe('Lead');
  });
  it('CollisionCondition ByType matches the type of what was hit', () => {
    const init = `<Private entityRef="Ego">${teleport(-1, 50)}${speed(20)}</Private><Private entityRef="Lead">${teleport(-1, 100)}${speed(0)}</Private>`;
    const after = (type: string) => story('Lead', event('Mark', '<GlobalAction><VariableAction variableRef="Hit"><SetAction value="1"/></VariableAction></GlobalAction>',
      `<StartTrigger><ConditionGroup><Condition name="c" delay="0" conditionEdge="none"><ByEntityCondition><TriggeringEntities triggeringEntitiesRule="any"><EntityRef entityRef="Ego"/></TriggeringEntities><EntityCondition><CollisionCondition><ByType type="${type}"/></CollisionCondition></EntityCondition></ByEntityCondition></Condition></ConditionGroup></StartTrigger>`));
    const variables = '<VariableDeclarations><VariableDeclaration name="Hit" variableType="integer" value="0"/></VariableDeclarations>';
    // The run ends at contact; the condition is checked at the start of the next cycle, so run the storyboard once more by hand.
    const check = (type: string) => {
      const sim = simulate(load({ init, variables, stories: after(type) }, 'hold'));
      sim.hook!.update(sim.tS, sim.ego, sim.objects, sim.contact!.objectId);
      return (sim.hook as unknown as { runtime: { variables: Map<string, unknown> } }).runtime.variables.get('Hit');
    };
    expect(check('vehicle')).toBe(1);
    expect(check('pedestrian')).toBe(0);
  });
  it('the arc of the road reaches the ECU as curvature 1/R ahead (R 500 m)', () => {
    const init = `<Private entityRef="Ego"><PrivateAction><TeleportAction><Position><LanePosition roadId="7" laneId="-1" offset="0" s="20"/></Position></TeleportAction></PrivateAction>${speed(20)}</Private><Private entityRef="Lead"><PrivateAction><TeleportAction><Position><LanePosition roadId="7" laneId="-2" offset="0" s="60"/></Position></TeleportAction></PrivateAction>${speed(20)}</Private>`;
    const s = load({ road: join(FIXTURES, 'roads', 'geometry-mix.xodr'), init, stop: stopAt(1) });
    const arc = s.road.zones!.find((z) => z.kind === 'curve')!;
    expect(arc.radiusM).toBeCloseTo(500, 0);
    expect(arc.startM).toBeCloseTo(100 - (20 + 3.65), 0);
    let curvature = 0;
    simulate(s, (sim) => { curvature = Math.max(curvature, sim.frame[IN.curvatureAheadPerM]); });
    expect(curvature).toBeCloseTo(1 / arc.radiusM!, 9);
  });
});
