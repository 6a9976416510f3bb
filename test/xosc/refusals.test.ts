// Anything outside the supported subset is refused with the file, the element's path (and line)
// and the reason — never silently ignored; the CLI prints one line and exits 1.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadScenarioAny, xoscFileKind } from '../../host/xosc/load.js';
import { hpa } from '../helpers.js';
import { atTime, car, event, FIXTURES, speed, story, teleport, writeFiles, xosc, type Parts } from './compose.js';

const file = (p: Parts) => writeFiles({ 'cut-in.xosc': xosc(p) });
const refusal = (p: Parts, opts = {}) => {
  const path = file(p);
  try {
    loadScenarioAny(path, opts);
  } catch (e) {
    return (e as Error).message.replace(path, 'cut-in.xosc');
  }
  return 'not refused';
};
const lead = (action: string) => story('Lead', event('E', action, atTime(1)));

describe('refusals name the file, the element and the reason', () => {
  it.each<[string, Parts, RegExp]>([
    ['SynchronizeAction', { stories: lead('<PrivateAction><SynchronizeAction masterEntityRef="Ego"><TargetPositionMaster>' + '<Position><LanePosition roadId="1" laneId="-1" s="300"/></Position></TargetPositionMaster><TargetPosition><Position><LanePosition roadId="1" laneId="-1" s="310"/></Position></TargetPosition></SynchronizeAction></PrivateAction>') },
      /^cut-in\.xosc: \/OpenSCENARIO\/Storyboard\/Story\/Act\/ManeuverGroup\/Maneuver\/Event\/Action\/PrivateAction\/SynchronizeAction \(line \d+\): not supported: private action$/],
    ['an unsupported condition', { stories: story('Lead', event('E', speed(5), '<StartTrigger><ConditionGroup><Condition name="c" delay="0" conditionEdge="none"><ByEntityCondition><TriggeringEntities triggeringEntitiesRule="any"><EntityRef entityRef="Ego"/></TriggeringEntities><EntityCondition><EndOfRoadCondition duration="1"/></EntityCondition></ByEntityCondition></Condition></ConditionGroup></StartTrigger>')) },
      /EntityCondition\/EndOfRoadCondition \(line \d+\): not supported: entity condition$/],
    ['an unknown parameter', { init: `<Private entityRef="Ego">${teleport(-1, '$Nope')}${speed(20)}</Private><Private entityRef="Lead">${teleport(-1, 150)}</Private>` },
      /LanePosition \(line \d+\): s: unknown parameter "\$Nope"$/],
    ['a bad expression', { params: '<ParameterDeclaration name="V" parameterType="double" value="${3 * }"/>' },
      /ParameterDeclaration \(line \d+\): value: \$\{3 \* \}: unexpected end of expression$/],
    ['a declared value of the wrong type', { params: '<ParameterDeclaration name="V" parameterType="double" value="fast"/>' },
      /ParameterDeclaration \(line \d+\): "fast" is not a number \(double\)$/],
    ['a lane the road does not have', { init: `<Private entityRef="Ego">${teleport(-5, 50)}${speed(20)}</Private>` },
      /LanePosition \(line \d+\): lane -5 does not exist at s = 50 on road "1"$/],
    ['a lane change of the ego (the ECU drives it)', { stories: story('Ego', event('E', '<PrivateAction><LateralAction><LaneChangeAction><LaneChangeActionDynamics dynamicsShape="linear" dynamicsDimension="time" value="2"/><LaneChangeTarget><AbsoluteTargetLane value="-2"/></LaneChangeTarget></LaneChangeAction></LateralAction></PrivateAction>', atTime(1))) },
      /LaneChangeAction \(line \d+\): not supported: on the ego "Ego", which the ECU drives/],
    ['an oncoming vehicle', { init: `<Private entityRef="Ego">${teleport(-1, 50)}${speed(20)}</Private><Private entityRef="Lead">${teleport(1, 300)}${speed(20)}</Private>` },
      /ScenarioObject \(line \d+\): not supported: "Lead" moves but does not head along the ego's road direction/],
    ['an unknown catalog', { entities: car('Ego') + '<ScenarioObject name="Lead"><CatalogReference catalogName="Trucks" entryName="x"/></ScenarioObject>' },
      /CatalogReference \(line \d+\): unresolvable catalog reference: no catalog named "Trucks"/],
    ['an ambiguous storyboard element reference', { stories: story('Lead', event('Twin', speed(5), atTime(1), 'parallel') + event('Twin', speed(6), atTime(2), 'parallel')), stop: '<StopTrigger><ConditionGroup><Condition name="c" delay="0" conditionEdge="none"><ByValueCondition><StoryboardElementStateCondition storyboardElementType="event" storyboardElementRef="Twin" state="endTransition"/></ByValueCondition></Condition></ConditionGroup></StopTrigger>' },
      /StoryboardElementStateCondition \(line \d+\): storyboardElementRef: 2 elements of type event are named "Twin"$/],
    ['OpenSCENARIO 2', { header: '<FileHeader revMajor="2" revMinor="0" date="2026-11-27T00:00:00" description="x" author="y"/>' },
      /FileHeader \(line \d+\): not supported: OpenSCENARIO 2\.0/],
    ['a SpeedAction on the ego with the pilot off', { stories: story('Ego', event('E', speed(10), atTime(1))) },
      /SpeedAction \(line \d+\): not supported: on the ego "Ego", which the ECU drives: a SpeedAction changes the set speed, which needs --ego-mode engaged$/],
    ['a global action outside Init', { stories: lead('<GlobalAction><EnvironmentAction><Environment name="e"/></EnvironmentAction></GlobalAction>') },
      /GlobalAction\/EnvironmentAction \(line \d+\): not supported: global action$/],
  ])('%s', (_what, parts, message) => expect(refusal(parts)).toMatch(message));

  it('malformed XML: the file, the line and the parser\'s reason', () => {
    const path = writeFiles({ 'broken.xosc': '<OpenSCENARIO>\n<FileHeader revMajor="1">\n</OpenSCENARIO>\n' });
    expect(() => loadScenarioAny(path)).toThrow(/broken\.xosc: line 3: malformed XML: unexpected close tag/);
  });
  it('a catalog file is not a scenario', () => {
    expect(() => loadScenarioAny(join(FIXTURES, 'catalogs', 'vehicles', 'vehicles.xosc'))).toThrow(/\/OpenSCENARIO\/Catalog \(line \d+\): a catalog file/);
    expect(xoscFileKind(join(FIXTURES, 'catalogs', 'vehicles', 'vehicles.xosc'))).toBe('catalog');
  });
  it('an unknown --ego', () => expect(refusal({}, { ego: 'Bus' })).toMatch(/--ego: no entity named "Bus" \(have Ego, Lead\)/));
});

describe('hpa run with .xosc files', () => {
  it('runs a scenario: one JSON object with the native result fields', () => {
    const r = hpa(['run', file({}), '--json']);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    for (const field of ['scenario', 'firmware', 'collision', 'impactSpeedKph', 'minGapM', 'minTtcS', 'maxDecelMps2', 'finalSpeedKph', 'events']) expect(out).toHaveProperty(field);
    expect(out.scenario).toBe('cut-in');
  });
  it('runs a distribution: {scenario, runs}', () => {
    const base = xosc({ params: '<ParameterDeclaration name="LeadSpeed" parameterType="double" value="10"/>', init: `<Private entityRef="Ego">${teleport(-1, 50)}${speed(20)}</Private><Private entityRef="Lead">${teleport(-1, 150)}${speed('$LeadSpeed')}</Private>` });
    const grid = '<OpenSCENARIO><FileHeader revMajor="1" revMinor="2" date="2026-11-27T00:00:00" description="d" author="t"/><ParameterValueDistribution><ScenarioFile filepath="base.xosc"/><Deterministic><DeterministicSingleParameterDistribution parameterName="LeadSpeed"><DistributionSet><Element value="5"/><Element value="15"/></DistributionSet></DeterministicSingleParameterDistribution></Deterministic></ParameterValueDistribution></OpenSCENARIO>';
    const r = hpa(['run', writeFiles({ 'grid.xosc': grid, 'base.xosc': base }), '--json', '--param', 'LeadSpeed=7']);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.runs.map((x: { scenario: string }) => x.scenario)).toEqual(['grid@LeadSpeed=5', 'grid@LeadSpeed=15']);
  });
  it('a refusal is one line on stderr and exit 1, no stack trace', () => {
    const r = hpa(['run', file({ stories: lead('<PrivateAction><SynchronizeAction masterEntityRef="Ego"/></PrivateAction>') })]);
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^hpa: .*cut-in\.xosc: \/OpenSCENARIO\/Storyboard\/.*\/SynchronizeAction \(line \d+\): not supported/);
  });
  it('a bad --ego-mode is refused', () => {
    const r = hpa(['run', file({}), '--ego-mode', 'autopilot']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^hpa: --ego-mode: autopilot: must be one of engaged, aeb-only, hold/);
  });
});
