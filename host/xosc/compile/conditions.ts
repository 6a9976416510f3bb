// Triggers and conditions: XML → runtime Condition data; anything else is refused by path.
import { notSupported, refuse } from '../errors.js';
import type { Condition, EntityTest, Measure, Rule, Test, Trigger } from '../runtime/program.js';
import { child, childrenNamed, type XmlNode } from '../xml.js';
import { entityIndex, type Ctx } from './context.js';
import { compilePosition } from './positions.js';

const RULES: readonly Rule[] = ['greaterThan', 'lessThan', 'equalTo', 'greaterOrEqual', 'lessOrEqual', 'notEqualTo'];
const EDGES = ['rising', 'falling', 'risingOrFalling', 'none'] as const;
const STATES = ['startTransition', 'endTransition', 'stopTransition', 'skipTransition', 'completeState', 'runningState', 'standbyState'] as const;
const TYPES = ['story', 'act', 'maneuverGroup', 'maneuver', 'event', 'action'] as const;

/** A number when the text is one, else the text (booleans stay 'true'/'false' strings). */
export const scalar = (v: string): number | string => (v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : v);

const rule = (ctx: Ctx, n: XmlNode) => ctx.attrs.oneOf(n, 'rule', RULES);

function measure(ctx: Ctx, n: XmlNode, fallback: Measure): Measure {
  const cs = ctx.attrs.optStr(n, 'coordinateSystem');
  if (cs === 'trajectory') notSupported(n, 'coordinateSystem "trajectory"');
  const type = ctx.attrs.optStr(n, 'relativeDistanceType');
  if (type !== undefined) {
    if (type === 'longitudinal') return 'longitudinal';
    if (type === 'lateral') return 'lateral';
    if (type === 'cartesianDistance' || type === 'euclidianDistance' || type === 'euclideanDistance') return 'euclidean';
    refuse(n, `relativeDistanceType: "${type}" is not supported`);
  }
  if (n.attrs.alongRoute !== undefined) return ctx.attrs.bool(n, 'alongRoute') ? 'longitudinal' : 'euclidean';
  return fallback;
}

function entityCondition(ctx: Ctx, ec: XmlNode): EntityTest {
  const c = ec.children[0];
  if (!c || ec.children.length !== 1) refuse(ec, 'needs exactly one condition');
  const a = ctx.attrs;
  const direction = a.optStr(c, 'direction');
  if (direction !== undefined && direction !== 'longitudinal') notSupported(c, `direction "${direction}" (the simulation is longitudinal)`);
  const freespace = () => a.bool(c, 'freespace');
  switch (c.name) {
    case 'TimeToCollisionCondition': {
      const target = child(c, 'TimeToCollisionConditionTarget');
      if (!target) refuse(c, 'needs a TimeToCollisionConditionTarget');
      const ref = child(target, 'EntityRef');
      return { kind: 'ttc', target: ref ? entityIndex(ctx, ref) : compilePosition(ctx, target), freespace: freespace(), measure: measure(ctx, c, 'longitudinal'), rule: rule(ctx, c), value: a.num(c, 'value') };
    }
    case 'TimeHeadwayCondition':
      return { kind: 'headway', target: entityIndex(ctx, c), freespace: freespace(), measure: measure(ctx, c, 'longitudinal'), rule: rule(ctx, c), value: a.num(c, 'value') };
    case 'RelativeDistanceCondition':
      return { kind: 'relDistance', target: entityIndex(ctx, c), freespace: freespace(), measure: measure(ctx, c, 'euclidean'), rule: rule(ctx, c), value: a.num(c, 'value') };
    case 'DistanceCondition':
      return { kind: 'distance', target: compilePosition(ctx, c), freespace: freespace(), measure: measure(ctx, c, 'euclidean'), rule: rule(ctx, c), value: a.num(c, 'value') };
    case 'SpeedCondition': return { kind: 'speed', rule: rule(ctx, c), value: a.num(c, 'value') };
    case 'RelativeSpeedCondition': return { kind: 'relSpeed', target: entityIndex(ctx, c), rule: rule(ctx, c), value: a.num(c, 'value') };
    case 'AccelerationCondition': return { kind: 'accel', rule: rule(ctx, c), value: a.num(c, 'value') };
    case 'StandStillCondition': return { kind: 'standStill', durationS: a.num(c, 'duration') };
    case 'TraveledDistanceCondition': return { kind: 'traveled', value: a.num(c, 'value') };
    case 'ReachPositionCondition': return { kind: 'reach', target: compilePosition(ctx, c), toleranceM: a.num(c, 'tolerance') };
    case 'CollisionCondition': {
      const ref = child(c, 'EntityRef');
      if (ref) return { kind: 'collision', target: entityIndex(ctx, ref) };
      const byType = child(c, 'ByType');
      if (byType) return { kind: 'collision', target: { objectType: ctx.attrs.oneOf(byType, 'type', ['vehicle', 'pedestrian', 'miscellaneous'] as const) } };
      return refuse(c, 'needs an EntityRef or ByType');
    }
    default: return notSupported(c, 'entity condition');
  }
}

function valueCondition(ctx: Ctx, bv: XmlNode): Test {
  const c = bv.children[0];
  if (!c || bv.children.length !== 1) refuse(bv, 'needs exactly one condition');
  const a = ctx.attrs;
  switch (c.name) {
    case 'SimulationTimeCondition': return { kind: 'time', rule: rule(ctx, c), value: a.num(c, 'value') };
    case 'ParameterCondition': {
      const name = a.name(c, 'parameterRef');
      if (!a.scope.has(name)) refuse(c, `parameterRef: unknown parameter "${name}"`);
      return { kind: 'parameter', name, rule: rule(ctx, c), value: scalar(a.str(c, 'value')) };
    }
    case 'VariableCondition': return { kind: 'variable', name: a.name(c, 'variableRef'), rule: rule(ctx, c), value: scalar(a.str(c, 'value')) };
    case 'StoryboardElementStateCondition': {
      const test = { kind: 'state' as const, element: -1, state: a.oneOf(c, 'state', STATES) };
      ctx.stateRefs.push({ test, name: a.str(c, 'storyboardElementRef'), type: a.oneOf(c, 'storyboardElementType', TYPES), node: c });
      return test;
    }
    default: return notSupported(c, 'value condition');
  }
}

function condition(ctx: Ctx, c: XmlNode): Condition {
  if (c.name !== 'Condition') notSupported(c, 'element in a ConditionGroup');
  const a = ctx.attrs;
  const edge = a.oneOf(c, 'conditionEdge', EDGES);
  const delayS = a.optNum(c, 'delay', 0);
  const byValue = child(c, 'ByValueCondition'), byEntity = child(c, 'ByEntityCondition');
  if (byValue) return { test: valueCondition(ctx, byValue), delayS, edge };
  if (!byEntity) return refuse(c, 'needs a ByValueCondition or ByEntityCondition');
  const te = child(byEntity, 'TriggeringEntities'), ec = child(byEntity, 'EntityCondition');
  if (!te || !ec) refuse(byEntity, 'needs TriggeringEntities and an EntityCondition');
  const triggering = childrenNamed(te, 'EntityRef').map((r) => entityIndex(ctx, r));
  if (triggering.length === 0) refuse(te, 'needs at least one EntityRef');
  const all = a.oneOf(te, 'triggeringEntitiesRule', ['any', 'all'] as const) === 'all';
  return { test: { kind: 'entity', triggering, all, test: entityCondition(ctx, ec) }, delayS, edge };
}

/** `<StartTrigger>`/`<StopTrigger>`: null when absent or empty. */
export function compileTrigger(ctx: Ctx, owner: XmlNode, name: 'StartTrigger' | 'StopTrigger'): Trigger {
  const t = child(owner, name);
  if (!t || t.children.length === 0) return null;
  return t.children.map((g) => {
    if (g.name !== 'ConditionGroup') notSupported(g, `element in a ${name}`);
    return g.children.map((c) => condition(ctx, c));
  });
}

/** Does the element's chain of enclosing elements carry the qualifying names, innermost last? */
function qualifiedBy(ctx: Ctx, key: number, prefix: string[]): boolean {
  let at = ctx.elementParents[key];
  for (let i = prefix.length - 1; i >= 0; i--) {
    while (at >= 0 && ctx.elementNames[at] !== prefix[i]) at = ctx.elementParents[at];
    if (at < 0) return false;
    at = ctx.elementParents[at];
  }
  return true;
}

/** Resolves StoryboardElementStateCondition references once every element has its key;
 * OSC 1.2 qualified names ("Event::Action") pick among elements of the same name. */
export function resolveStateRefs(ctx: Ctx): void {
  for (const r of ctx.stateRefs) {
    const parts = r.name.split('::');
    const name = parts.pop()!;
    const keys = ctx.elementNames.map((n, i) => (n === name && ctx.elementKinds[i] === r.type && qualifiedBy(ctx, i, parts) ? i : -1)).filter((i) => i >= 0);
    if (keys.length === 0) refuse(r.node, `storyboardElementRef: no ${r.type} named "${r.name}"`);
    if (keys.length > 1) refuse(r.node, `storyboardElementRef: ${keys.length} elements of type ${r.type} are named "${r.name}"`);
    r.test.element = keys[0];
  }
}
