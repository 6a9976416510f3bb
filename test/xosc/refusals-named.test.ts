// Every refusal docs/openscenario.md names ("Refused, with the element's path and the reason") is
// refused — not skipped — with the element's path, its line and the reason. (SynchronizeAction,
// EndOfRoad, oncoming traffic, lateral actions on the ego and OpenSCENARIO 2 are in refusals.test.ts;
// unresolvable catalog entries in import.test.ts; malformed XML and unknown parameters in both.)
import { describe, expect, it } from 'vitest';
import { loadScenarioAny } from '../../host/xosc/load.js';
import { hpa } from '../helpers.js';
import { atTime, car, event, speed, story, teleport, writeFiles, xosc, type Parts } from './compose.js';

const refusal = (p: Parts, opts = {}) => {
  const path = writeFiles({ 'named.xosc': xosc(p) });
  try {
    loadScenarioAny(path, opts);
  } catch (e) {
    return (e as Error).message.replace(path, 'named.xosc');
  }
  return 'not refused';
};
const onLead = (action: string) => ({ stories: story('Lead', event('E', `<PrivateAction>${action}</PrivateAction>`, atTime(1))) });
const global = (action: string) => ({ stories: story('Lead', event('E', `<GlobalAction>${action}</GlobalAction>`, atTime(1))) });
const egoCondition = (condition: string) => ({
  stories: story('Lead', event('E', speed(5), `<StartTrigger><ConditionGroup><Condition name="c" delay="0" conditionEdge="none"><ByEntityCondition><TriggeringEntities triggeringEntitiesRule="any"><EntityRef entityRef="Ego"/></TriggeringEntities><EntityCondition>${condition}</EntityCondition></ByEntityCondition></Condition></ConditionGroup></StartTrigger>`)),
});
const leadAt = (position: string) => `<Private entityRef="Ego">${teleport(-1, 50)}${speed(20)}</Private><Private entityRef="Lead"><PrivateAction><TeleportAction><Position>${position}</Position></TeleportAction></PrivateAction>${speed(10)}</Private>`;
const PATH = String.raw`^named\.xosc: \/OpenSCENARIO\/`;

describe('the refusals docs/openscenario.md names', () => {
  it.each<[string, Parts, RegExp]>([
    ['trajectories', onLead('<RoutingAction><FollowTrajectoryAction><TrajectoryRef/></FollowTrajectoryAction></RoutingAction>'),
      /PrivateAction\/RoutingAction\/FollowTrajectoryAction \(line \d+\): not supported: routing action$/],
    ['routes', onLead('<RoutingAction><AssignRouteAction><Route name="r" closed="false"/></AssignRouteAction></RoutingAction>'),
      /RoutingAction\/AssignRouteAction \(line \d+\): not supported: routes: the scenario runs along one road, a route adds nothing$/],
    ['SpeedProfileAction', onLead('<LongitudinalAction><SpeedProfileAction followingMode="position"><SpeedProfileEntry speed="5" time="2"/></SpeedProfileAction></LongitudinalAction>'),
      /LongitudinalAction\/SpeedProfileAction \(line \d+\): not supported: longitudinal action$/],
    ['visibility', onLead('<VisibilityAction graphics="false" traffic="true" sensors="false"/>'),
      /PrivateAction\/VisibilityAction \(line \d+\): not supported: private action$/],
    ['traffic actions', global('<TrafficAction><TrafficStopAction/></TrafficAction>'),
      /GlobalAction\/TrafficAction \(line \d+\): not supported: global action$/],
    ['infrastructure actions', global('<InfrastructureAction><TrafficSignalAction><TrafficSignalStateAction name="s1" state="red"/></TrafficSignalAction></InfrastructureAction>'),
      /GlobalAction\/InfrastructureAction \(line \d+\): not supported: global action$/],
    ['the controller of an entity other than the ego', {
      entities: car('Ego') + car('Lead', '<ObjectController><Controller name="LeadDriver"><Properties/></Controller></ObjectController>'),
      ...onLead('<ControllerAction><ActivateControllerAction longitudinal="true" lateral="true"/></ControllerAction>'),
    }, /ControllerAction\/ActivateControllerAction \(line \d+\): not supported: controllers of other entities \("Lead"\): only the ego's controller \(the ECU\) is simulated$/],
    ['a teleport of the ego during the run', { stories: story('Ego', event('E', teleport(-1, 100), atTime(1))) },
      /PrivateAction\/TeleportAction \(line \d+\): not supported: on the ego "Ego", which the ECU drives: teleporting it during the run$/],
    ['a LongitudinalDistanceAction on the ego', { stories: story('Ego', event('E', '<PrivateAction><LongitudinalAction><LongitudinalDistanceAction entityRef="Lead" distance="20" freespace="true" continuous="true"/></LongitudinalAction></PrivateAction>', atTime(1))) },
      /LongitudinalAction\/LongitudinalDistanceAction \(line \d+\): not supported: on the ego "Ego", which the ECU drives: it keeps its own distance$/],
    ['an entity on a second road', { init: leadAt('<LanePosition roadId="2" laneId="-1" offset="0" s="150"/>') },
      /Position\/LanePosition \(line \d+\): not supported: road "2": the scenario runs along one road \("1"\)$/],
    ['crossing traffic (moving, heading across the road)', { init: leadAt('<LanePosition roadId="1" laneId="-1" offset="0" s="150"><Orientation type="relative" h="1.5708"/></LanePosition>') },
      /Entities\/ScenarioObject \(line \d+\): not supported: "Lead" moves but does not head along the ego's road direction \(heading 1\.57 rad\)/],
    ['an Offroad condition', egoCondition('<OffroadCondition duration="1"/>'),
      /EntityCondition\/OffroadCondition \(line \d+\): not supported: entity condition$/],
    ['a RelativeClearance condition', egoCondition('<RelativeClearanceCondition distanceForward="10" distanceBackward="0" freeSpace="true" oppositeLanes="false"/>'),
      /EntityCondition\/RelativeClearanceCondition \(line \d+\): not supported: entity condition$/],
    ['trajectory coordinates (a condition)', egoCondition('<RelativeDistanceCondition entityRef="Lead" relativeDistanceType="longitudinal" coordinateSystem="trajectory" freespace="false" rule="lessThan" value="10"/>'),
      /EntityCondition\/RelativeDistanceCondition \(line \d+\): not supported: coordinateSystem "trajectory"$/],
    ['trajectory coordinates (an action)', onLead('<LongitudinalAction><LongitudinalDistanceAction entityRef="Ego" distance="20" freespace="true" continuous="true" coordinateSystem="trajectory"/></LongitudinalAction>'),
      /LongitudinalAction\/LongitudinalDistanceAction \(line \d+\): not supported: coordinateSystem "trajectory"$/],
    ['selectTriggeringEntities="true"', { stories: story('Lead', event('E', speed(5), atTime(1))).replace('selectTriggeringEntities="false"', 'selectTriggeringEntities="true"') },
      /ManeuverGroup\/Actors \(line \d+\): not supported: selectTriggeringEntities="true"$/],
    ['a maneuver group executed more than once', { stories: story('Lead', event('E', speed(5), atTime(1))).replace('maximumExecutionCount="1"', 'maximumExecutionCount="2"') },
      /Act\/ManeuverGroup \(line \d+\): not supported: maximumExecutionCount > 1 for a ManeuverGroup$/],
  ])('%s', (_what, parts, message) => {
    const text = refusal(parts);
    expect(text).toMatch(new RegExp(PATH));
    expect(text).toMatch(message);
  });

  it('through the CLI: one line on stderr, exit 1, nothing on stdout', () => {
    const r = hpa(['run', writeFiles({ 'routes.xosc': xosc(onLead('<RoutingAction><AssignRouteAction><Route name="r" closed="false"/></AssignRouteAction></RoutingAction>')) }), '--json']);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^hpa: .*routes\.xosc: \/OpenSCENARIO\/Storyboard\/.*\/AssignRouteAction \(line \d+\): not supported: routes/);
  });
});
