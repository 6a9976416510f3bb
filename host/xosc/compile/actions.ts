// Actions: XML → runtime action data. Actions on the ego are limited to what a driver of the ECU
// does (the ECU drives it): a SpeedAction changes the set speed when the pilot is engaged.
import { notSupported, refuse } from '../errors.js';
import type { ActionBody, Dynamics, Shape } from '../runtime/program.js';
import { child, type XmlNode } from '../xml.js';
import { scalar } from './conditions.js';
import { entityIndex, type Ctx } from './context.js';
import { compilePosition } from './positions.js';

const SHAPES: readonly Shape[] = ['step', 'linear', 'cubic', 'sinusoidal'];

function dynamics(ctx: Ctx, d: XmlNode | undefined, parent: XmlNode): Dynamics {
  if (!d) refuse(parent, 'needs its dynamics');
  const a = ctx.attrs;
  return { shape: a.oneOf(d, 'dynamicsShape', SHAPES), dimension: a.oneOf(d, 'dynamicsDimension', ['time', 'rate', 'distance'] as const), value: a.num(d, 'value') };
}

const only = (n: XmlNode): XmlNode => {
  if (n.children.length !== 1) refuse(n, 'needs exactly one child element');
  return n.children[0];
};

function egoAction(ctx: Ctx, action: XmlNode, why: string): never {
  return notSupported(action, `on the ego "${ctx.entities[ctx.ego].name}", which the ECU drives: ${why}`);
}

function speedAction(ctx: Ctx, sa: XmlNode, actor: number): ActionBody {
  const dyn = dynamics(ctx, child(sa, 'SpeedActionDynamics'), sa);
  const target = child(sa, 'SpeedActionTarget');
  if (!target) refuse(sa, 'needs a SpeedActionTarget');
  const t = only(target);
  const a = ctx.attrs;
  if (actor === ctx.ego) {
    if (ctx.egoMode !== 'engaged') egoAction(ctx, sa, 'a SpeedAction changes the set speed, which needs --ego-mode engaged');
    if (t.name !== 'AbsoluteTargetSpeed') egoAction(ctx, t, 'a relative set speed');
    return { kind: 'egoSetSpeed', mps: a.num(t, 'value') };
  }
  ctx.entities[actor].moves = true;
  if (t.name === 'AbsoluteTargetSpeed') return { kind: 'speed', actor, dynamics: dyn, target: { absMps: a.num(t, 'value') } };
  if (t.name !== 'RelativeTargetSpeed') notSupported(t, 'speed target');
  return {
    kind: 'speed', actor, dynamics: dyn,
    target: { entity: entityIndex(ctx, t), value: a.num(t, 'value'), type: a.oneOf(t, 'speedTargetValueType', ['delta', 'factor'] as const), continuous: a.bool(t, 'continuous', false) },
  };
}

function longitudinal(ctx: Ctx, la: XmlNode, actor: number): ActionBody {
  const x = only(la);
  const a = ctx.attrs;
  if (x.name === 'SpeedAction') return speedAction(ctx, x, actor);
  if (x.name !== 'LongitudinalDistanceAction') notSupported(x, 'longitudinal action');
  if (actor === ctx.ego) egoAction(ctx, x, 'it keeps its own distance');
  if (a.has(x, 'coordinateSystem') && a.str(x, 'coordinateSystem') === 'trajectory') notSupported(x, 'coordinateSystem "trajectory"');
  const limits = child(x, 'DynamicConstraints');
  const displacement = a.optStr(x, 'displacement') ?? 'trailingReferencedEntity';
  if (!['any', 'trailingReferencedEntity', 'leadingReferencedEntity'].includes(displacement)) refuse(x, `displacement: "${displacement}" is not valid`);
  if (a.has(x, 'distance') === a.has(x, 'timeGap')) refuse(x, 'needs exactly one of distance and timeGap');
  ctx.entities[actor].moves = true;
  return {
    kind: 'longDistance', actor, target: entityIndex(ctx, x),
    distanceM: a.has(x, 'distance') ? a.num(x, 'distance') : undefined, timeGapS: a.has(x, 'timeGap') ? a.num(x, 'timeGap') : undefined,
    freespace: a.bool(x, 'freespace'), continuous: a.bool(x, 'continuous'), leading: displacement === 'leadingReferencedEntity',
    maxAccel: limits && a.has(limits, 'maxAcceleration') ? a.num(limits, 'maxAcceleration') : undefined,
    maxDecel: limits && a.has(limits, 'maxDeceleration') ? a.num(limits, 'maxDeceleration') : undefined,
    maxSpeed: limits && a.has(limits, 'maxSpeed') ? a.num(limits, 'maxSpeed') : undefined,
  };
}

function lateral(ctx: Ctx, la: XmlNode, actor: number): ActionBody {
  const x = only(la);
  const a = ctx.attrs;
  if (actor === ctx.ego) egoAction(ctx, x, 'the ECU controls speed only and the ego keeps its lane');
  if (x.name === 'LaneChangeAction') {
    const target = child(x, 'LaneChangeTarget');
    if (!target) refuse(x, 'needs a LaneChangeTarget');
    const t = only(target);
    const dyn = dynamics(ctx, child(x, 'LaneChangeActionDynamics'), x);
    const offsetM = a.optNum(x, 'targetLaneOffset', 0);
    if (t.name === 'RelativeTargetLane') return { kind: 'laneChange', actor, target: { relativeTo: entityIndex(ctx, t), lanes: Math.trunc(a.num(t, 'value')) }, offsetM, dynamics: dyn };
    if (t.name === 'AbsoluteTargetLane') return { kind: 'laneChange', actor, target: { laneId: Math.trunc(Number(a.str(t, 'value'))) }, offsetM, dynamics: dyn };
    return notSupported(t, 'lane change target');
  }
  if (x.name === 'LaneOffsetAction') {
    const d = child(x, 'LaneOffsetActionDynamics');
    const target = child(x, 'LaneOffsetTarget');
    if (!d || !target) refuse(x, 'needs LaneOffsetActionDynamics and a LaneOffsetTarget');
    const t = only(target);
    const shape = a.oneOf(d, 'dynamicsShape', SHAPES);
    const maxLatAccelMps2 = a.optNum(d, 'maxLateralAcc', 0.5);
    const continuous = a.bool(x, 'continuous');
    if (t.name === 'AbsoluteTargetLaneOffset') return { kind: 'laneOffset', actor, offsetM: a.num(t, 'value'), shape, maxLatAccelMps2, continuous };
    if (t.name === 'RelativeTargetLaneOffset') return { kind: 'laneOffset', actor, offsetM: a.num(t, 'value'), relativeTo: entityIndex(ctx, t), shape, maxLatAccelMps2, continuous };
    return notSupported(t, 'lane offset target');
  }
  return notSupported(x, 'lateral action');
}

function controllerAction(ctx: Ctx, x: XmlNode, actor: number): ActionBody {
  const e = ctx.entities[actor];
  const inner = x.name === 'ActivateControllerAction' ? x : only(x);
  if (inner.name === 'AssignControllerAction' && actor === ctx.ego) return { kind: 'none' };
  if (inner.name !== 'ActivateControllerAction') notSupported(inner, 'controller action');
  const longitudinalOn = ctx.attrs.bool(inner, 'longitudinal', true);
  if (actor === ctx.ego) {
    if (!longitudinalOn) egoAction(ctx, inner, 'deactivating its longitudinal controller (the ECU)');
    return { kind: 'none' };
  }
  // Activating an entity's default controller changes nothing: the storyboard moves it.
  if (e.hasController) notSupported(inner, `controllers of other entities ("${e.name}"): only the ego's controller (the ECU) is simulated`);
  return { kind: 'none' };
}

export function compilePrivateAction(ctx: Ctx, pa: XmlNode, actor: number): ActionBody {
  const x = only(pa);
  switch (x.name) {
    case 'LongitudinalAction': return longitudinal(ctx, x, actor);
    case 'LateralAction': return lateral(ctx, x, actor);
    case 'TeleportAction':
      if (actor === ctx.ego) egoAction(ctx, x, 'teleporting it during the run');
      return { kind: 'teleport', actor, at: compilePosition(ctx, x) };
    case 'ControllerAction': case 'ActivateControllerAction': return controllerAction(ctx, x, actor);
    case 'RoutingAction': {
      const r = only(x);
      if (r.name !== 'AssignRouteAction') notSupported(r, 'routing action');
      return notSupported(r, 'routes: the scenario runs along one road, a route adds nothing');
    }
    default: return notSupported(x, 'private action');
  }
}

export function compileGlobalAction(ctx: Ctx, ga: XmlNode): ActionBody {
  const x = only(ga);
  const a = ctx.attrs;
  if (x.name !== 'VariableAction' && x.name !== 'ParameterAction') return notSupported(x, 'global action');
  const store = x.name === 'VariableAction' ? 'variable' : 'parameter';
  const name = a.name(x, store === 'variable' ? 'variableRef' : 'parameterRef');
  if (store === 'parameter' && !a.scope.has(name)) refuse(x, `parameterRef: unknown parameter "${name}"`);
  const op = only(x);
  if (op.name === 'SetAction') return { kind: 'setValue', store, name, op: 'set', value: scalar(a.str(op, 'value')) };
  if (op.name !== 'ModifyAction') notSupported(op, `${store} action`);
  const rule = only(child(op, 'Rule') ?? refuse(op, 'needs a Rule'));
  if (rule.name === 'AddValue') return { kind: 'setValue', store, name, op: 'add', value: a.num(rule, 'value') };
  if (rule.name === 'MultiplyByValue') return { kind: 'setValue', store, name, op: 'multiply', value: a.num(rule, 'value') };
  return notSupported(rule, 'modify rule');
}
