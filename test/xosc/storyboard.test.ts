// The storyboard runtime (ASAM OSC 1.x): triggers fire when their condition first holds, actions
// move the other road users along the profile their dynamics name, and the StopTrigger ends the run.
import { describe, expect, it } from 'vitest';
import { Ecu } from '../../host/ecu/ecu.js';
import { EcuController } from '../../host/runner/controller.js';
import type { Scenario } from '../../host/sim/scenario.js';
import { Simulation } from '../../host/sim/simulation.js';
import { loadScenarioAny } from '../../host/xosc/load.js';
import { atTime, event, speed, stopAt, story, teleport, writeFiles, xosc, type Parts } from './compose.js';

const load = (p: Parts, egoMode: 'engaged' | 'aeb-only' | 'hold' = 'aeb-only'): Scenario => loadScenarioAny(writeFiles({ 's.xosc': xosc(p) }), { egoMode }).variants[0];

/** Runs to the end; `probe` sees the simulation after every cycle. */
function simulate(s: Scenario, probe: (sim: Simulation) => void = () => {}): Simulation {
  const sim = new Simulation(s, new EcuController(Ecu.load('1.1.0')));
  while (!sim.done) { sim.step(); probe(sim); }
  return sim;
}
/** The first time (s) a probe holds, or null. */
function firstTime(s: Scenario, holds: (sim: Simulation) => boolean): number | null {
  let at: number | null = null;
  simulate(s, (sim) => { if (at === null && holds(sim)) at = +(sim.tS - 0.01).toFixed(2); });
  return at;
}
const lead = (sim: Simulation) => sim.objects[0];
const speedAction = (shape: string, dimension: string, value: number, target: number) =>
  `<PrivateAction><LongitudinalAction><SpeedAction><SpeedActionDynamics dynamicsShape="${shape}" dynamicsDimension="${dimension}" value="${value}"/><SpeedActionTarget><AbsoluteTargetSpeed value="${target}"/></SpeedActionTarget></SpeedAction></LongitudinalAction></PrivateAction>`;
const farLead = `<Private entityRef="Ego">${teleport(-1, 50)}${speed(20)}</Private><Private entityRef="Lead">${teleport(-2, 400)}${speed(10)}</Private>`;

describe('SpeedAction dynamics on another vehicle', () => {
  it('linear at a rate: v = v0 − a·t until the target (10 → 4 m/s at 2 m/s² takes 3 s)', () => {
    const s = load({ init: farLead, stories: story('Lead', event('Brake', speedAction('linear', 'rate', 2, 4), atTime(1))) });
    const v: Record<string, number> = {};
    simulate(s, (sim) => { v[(sim.tS - 0.01).toFixed(2)] = lead(sim).speedMps; });
    expect(v['0.99']).toBe(10);
    expect(v['2.50']).toBeCloseTo(10 - 2 * 1.51, 6);
    expect(v['4.50']).toBe(4);
  });
  it('sinusoidal over a time: half way in speed at half the time, the target at the end', () => {
    const s = load({ init: farLead, stories: story('Lead', event('Speed', speedAction('sinusoidal', 'time', 4, 18), atTime(1))) });
    const v: Record<string, number> = {};
    simulate(s, (sim) => { v[(sim.tS - 0.01).toFixed(2)] = lead(sim).speedMps; });
    expect(v['2.99']).toBeCloseTo(14, 1);
    expect(v['5.00']).toBe(18);
  });
  it('step: the target speed at once', () => {
    const s = load({ init: farLead, stories: story('Lead', event('Stop', speedAction('step', 'time', 0, 0), atTime(2))) });
    expect(firstTime(s, (sim) => lead(sim).speedMps === 0)).toBe(2);
  });
  it('distance: a linear change covers the distance at the mean speed (10 → 0 over 50 m takes 10 s)', () => {
    const s = load({ init: farLead, stories: story('Lead', event('Stop', speedAction('linear', 'distance', 50, 0), atTime(0))), stop: stopAt(15) });
    let x0 = NaN, x1 = NaN;
    simulate(s, (sim) => { if (Number.isNaN(x0)) x0 = lead(sim).xM; x1 = lead(sim).xM; });
    expect(x1 - x0).toBeCloseTo(50, 0);
  });
});

describe('LaneChangeAction (cut-in)', () => {
  const cutIn = (shape: string) => event('CutIn', `<PrivateAction><LateralAction><LaneChangeAction><LaneChangeActionDynamics dynamicsShape="${shape}" dynamicsDimension="time" value="2"/><LaneChangeTarget><RelativeTargetLane entityRef="Ego" value="0"/></LaneChangeTarget></LaneChangeAction></LateralAction></PrivateAction>`, atTime(1));
  it('sinusoidal: half way after half the duration, in the ego lane at the end', () => {
    const s = load({ init: farLead, stories: story('Lead', cutIn('sinusoidal')) });
    const y: Record<string, number> = {};
    let egoY = NaN;
    simulate(s, (sim) => { y[(sim.tS - 0.01).toFixed(2)] = lead(sim).yM; egoY = sim.ego.yM; });
    expect(y['0.50'] - egoY).toBeCloseTo(-3.5, 9);
    expect(y['2.00'] - egoY).toBeCloseTo(-1.75, 9);
    expect(y['3.00'] - egoY).toBeCloseTo(0, 9);
  });
});

describe('conditions', () => {
  it('SimulationTime greaterThan fires at the first cycle after the value', () => {
    const s = load({ init: farLead, stories: story('Lead', event('Stop', speedAction('step', 'time', 0, 0), atTime(2, 'greaterThan'))) });
    expect(firstTime(s, (sim) => lead(sim).speedMps === 0)).toBe(2.01);
  });
  it('a delay postpones the trigger by exactly the delay', () => {
    const trig = '<StartTrigger><ConditionGroup><Condition name="t" delay="1.5" conditionEdge="none"><ByValueCondition><SimulationTimeCondition value="2" rule="greaterOrEqual"/></ByValueCondition></Condition></ConditionGroup></StartTrigger>';
    const s = load({ init: farLead, stories: story('Lead', event('Stop', speedAction('step', 'time', 0, 0), trig)) });
    expect(firstTime(s, (sim) => lead(sim).speedMps === 0)).toBe(3.5);
  });
  it('TimeToCollision fires when gap / closing speed first drops below the value', () => {
    // Lead 100 m ahead at 10 m/s, ego at 20 m/s, pilot off (holds speed): freespace gap 100 − 4.5, TTC 3 s at 95.5 − 30 = 65.5 m of closing, t = 6.55 s.
    const ttc = '<StartTrigger><ConditionGroup><Condition name="ttc" delay="0" conditionEdge="rising"><ByEntityCondition><TriggeringEntities triggeringEntitiesRule="any"><EntityRef entityRef="Ego"/></TriggeringEntities><EntityCondition><TimeToCollisionCondition value="3" freespace="true" relativeDistanceType="longitudinal" coordinateSystem="road" rule="lessThan"><TimeToCollisionConditionTarget><EntityRef entityRef="Lead"/></TimeToCollisionConditionTarget></TimeToCollisionCondition></EntityCondition></ByEntityCondition></Condition></ConditionGroup></StartTrigger>';
    const s = load({ init: `<Private entityRef="Ego">${teleport(-1, 50)}${speed(20)}</Private><Private entityRef="Lead">${teleport(-2, 150)}${speed(10)}</Private>`, stories: story('Lead', event('Mark', speedAction('step', 'time', 0, 11), ttc)) });
    expect(firstTime(s, (sim) => lead(sim).speedMps === 11)).toBeCloseTo(6.55, 1);
  });
  it('StoryboardElementState endTransition of one event starts the next', () => {
    const after = '<StartTrigger><ConditionGroup><Condition name="after" delay="0" conditionEdge="none"><ByValueCondition><StoryboardElementStateCondition storyboardElementType="event" storyboardElementRef="Slow" state="endTransition"/></ByValueCondition></Condition></ConditionGroup></StartTrigger>';
    const s = load({ init: farLead, stories: story('Lead', event('Slow', speedAction('linear', 'rate', 2, 6), atTime(1), 'parallel') + event('Fast', speedAction('step', 'time', 0, 15), after, 'parallel')) });
    const t = firstTime(s, (sim) => lead(sim).speedMps === 15)!;
    expect(t).toBeGreaterThanOrEqual(3);
    expect(t).toBeLessThanOrEqual(3.05);
  });
  it('VariableAction sets and modifies a variable a VariableCondition waits for', () => {
    const set = '<GlobalAction><VariableAction variableRef="Phase"><SetAction value="1"/></VariableAction></GlobalAction>';
    const add = '<GlobalAction><VariableAction variableRef="Phase"><ModifyAction><Rule><AddValue value="1"/></Rule></ModifyAction></VariableAction></GlobalAction>';
    const when = '<StartTrigger><ConditionGroup><Condition name="v" delay="0" conditionEdge="none"><ByValueCondition><VariableCondition variableRef="Phase" value="2" rule="equalTo"/></ByValueCondition></Condition></ConditionGroup></StartTrigger>';
    const s = load({
      variables: '<VariableDeclarations><VariableDeclaration name="Phase" variableType="integer" value="0"/></VariableDeclarations>',
      init: farLead, stories: story('Lead', event('Set', set, atTime(1), 'parallel') + event('Add', add, atTime(2), 'parallel') + event('Stop', speedAction('step', 'time', 0, 0), when, 'parallel')),
    });
    expect(firstTime(s, (sim) => lead(sim).speedMps === 0)).toBeCloseTo(2, 1);
  });
});

describe('the StopTrigger and collisions', () => {
  it('a SimulationTime StopTrigger sets the run length', () => {
    const sim = simulate(load({ init: farLead, stop: stopAt(3.5) }));
    expect(sim.tS).toBeCloseTo(3.5, 9);
  });
  it('a StopTrigger on another condition ends the run in the cycle it fires', () => {
    const stop = '<StopTrigger><ConditionGroup><Condition name="slow" delay="0" conditionEdge="none"><ByEntityCondition><TriggeringEntities triggeringEntitiesRule="any"><EntityRef entityRef="Lead"/></TriggeringEntities><EntityCondition><SpeedCondition value="5" rule="lessThan"/></EntityCondition></ByEntityCondition></Condition></ConditionGroup></StopTrigger>';
    const sim = simulate(load({ init: farLead, stories: story('Lead', event('Brake', speedAction('linear', 'rate', 1, 0), atTime(0))), stop }));
    expect(sim.tS).toBeGreaterThan(5);
    expect(sim.tS).toBeLessThan(5.1);
  });
});
