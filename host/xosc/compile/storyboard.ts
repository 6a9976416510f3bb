// The storyboard: Init (placement, entry speeds, actions that run from t = 0) and the stories.
import { notSupported, refuse } from '../errors.js';
import { Attrs, Scope } from '../parameters.js';
import type { ActDef, ActionDef, EventDef, GroupDef, ManeuverDef, StoryDef } from '../runtime/program.js';
import { child, childrenNamed, type XmlNode } from '../xml.js';
import { compileGlobalAction, compilePrivateAction } from './actions.js';
import { compileTrigger } from './conditions.js';
import { entityIndex, newElement, withAttrs, type Ctx } from './context.js';
import { compilePosition } from './positions.js';

const scoped = (ctx: Ctx, owner: XmlNode): Ctx =>
  child(owner, 'ParameterDeclarations') ? withAttrs(ctx, new Attrs(new Scope(ctx.attrs.scope).declare(owner))) : ctx;

function compileAction(ctx: Ctx, action: XmlNode, actors: number[], parent: number): ActionDef[] {
  const name = ctx.attrs.optStr(action, 'name') ?? '';
  const body = action.children[0];
  if (!body || action.children.length !== 1) refuse(action, 'needs exactly one action');
  if (body.name === 'GlobalAction') return [{ key: newElement(ctx, name, 'action', parent), body: compileGlobalAction(ctx, body) }];
  if (body.name !== 'PrivateAction') notSupported(body, 'action type');
  if (actors.length === 0) refuse(action, 'a private action needs actors (ManeuverGroup/Actors)');
  const key = newElement(ctx, name, 'action', parent);
  // One element, one body per actor: the action completes when every actor's part has.
  return actors.map((actor, i) => ({ key: i === 0 ? key : newElement(ctx, `${name}#${i}`, 'action-part', parent), body: compilePrivateAction(ctx, body, actor) }));
}

function compileEvent(ctx: Ctx, ev: XmlNode, actors: number[], parent: number): EventDef {
  const a = ctx.attrs;
  const priority = a.oneOf(ev, 'priority', ['overwrite', 'override', 'parallel', 'skip'] as const);
  const key = newElement(ctx, a.str(ev, 'name'), 'event', parent);
  return {
    key, priority: priority === 'overwrite' ? 'override' : priority, maxCount: a.optNum(ev, 'maximumExecutionCount', 1),
    actions: childrenNamed(ev, 'Action').flatMap((x) => compileAction(ctx, x, actors, key)), start: compileTrigger(ctx, ev, 'StartTrigger'),
  };
}

/** `fromCatalog`: the entry's parameters are already declared, with the reference's assignments. */
function compileManeuver(ctx: Ctx, m: XmlNode, actors: number[], parent: number, fromCatalog = false): ManeuverDef {
  const inner = fromCatalog ? ctx : scoped(ctx, m);
  const key = newElement(ctx, ctx.attrs.str(m, 'name'), 'maneuver', parent);
  return { key, events: childrenNamed(m, 'Event').map((e) => compileEvent(inner, e, actors, key)) };
}

function compileGroup(ctx: Ctx, g: XmlNode, parent: number): GroupDef {
  const a = ctx.attrs;
  if (a.optNum(g, 'maximumExecutionCount', 1) > 1) notSupported(g, 'maximumExecutionCount > 1 for a ManeuverGroup');
  const actorsNode = child(g, 'Actors');
  if (!actorsNode) refuse(g, 'needs Actors');
  if (a.bool(actorsNode, 'selectTriggeringEntities', false)) notSupported(actorsNode, 'selectTriggeringEntities="true"');
  const actors = childrenNamed(actorsNode, 'EntityRef').map((r) => entityIndex(ctx, r));
  const key = newElement(ctx, a.str(g, 'name'), 'maneuverGroup', parent);
  const maneuvers: ManeuverDef[] = [];
  for (const c of g.children) {
    if (c.name === 'Maneuver') maneuvers.push(compileManeuver(ctx, c, actors, key));
    else if (c.name === 'CatalogReference') {
      const { entry, attrs } = ctx.catalogs.resolve(c, ctx.attrs);
      if (entry.name !== 'Maneuver') refuse(c, `catalog entry "${entry.attrs.name}" is a ${entry.name}, not a Maneuver`);
      maneuvers.push(compileManeuver(withAttrs(ctx, attrs), entry, actors, key, true));
    } else if (c.name !== 'Actors') notSupported(c, 'element in a ManeuverGroup');
  }
  return { key, maneuvers };
}

function compileAct(ctx: Ctx, act: XmlNode, parent: number): ActDef {
  const key = newElement(ctx, ctx.attrs.str(act, 'name'), 'act', parent);
  for (const c of act.children) if (!['ManeuverGroup', 'StartTrigger', 'StopTrigger'].includes(c.name)) notSupported(c, 'element in an Act');
  return { key, groups: childrenNamed(act, 'ManeuverGroup').map((g) => compileGroup(ctx, g, key)), start: compileTrigger(ctx, act, 'StartTrigger'), stop: compileTrigger(ctx, act, 'StopTrigger') };
}

export function compileStories(ctx: Ctx, sb: XmlNode): StoryDef[] {
  const stories: StoryDef[] = [];
  for (const c of sb.children) {
    if (c.name === 'Init' || c.name === 'StopTrigger') continue;
    if (c.name !== 'Story') notSupported(c, 'element in the Storyboard');
    const inner = scoped(ctx, c);
    const key = newElement(ctx, ctx.attrs.str(c, 'name'), 'story');
    stories.push({ key, acts: childrenNamed(c, 'Act').map((a) => compileAct(inner, a, key)) });
  }
  return stories;
}

/** Init: teleports and step speeds set the start state; other actions run as an event at t = 0. */
export function compileInit(ctx: Ctx, sb: XmlNode): { story: StoryDef | null; fogRangeM: number | null } {
  const init = child(sb, 'Init');
  const actions = init ? child(init, 'Actions') : undefined;
  const later: ActionDef[] = [];
  let fogRangeM: number | null = null;
  const initCtx: Ctx = { ...ctx, inInit: true };
  for (const c of actions?.children ?? []) {
    if (c.name === 'GlobalAction') {
      const env = child(c, 'EnvironmentAction');
      if (env) { fogRangeM = environment(initCtx, env); continue; }
      later.push({ key: newElement(ctx, '(init)', 'action'), body: compileGlobalAction(initCtx, c) });
      continue;
    }
    if (c.name !== 'Private') notSupported(c, 'element in Init/Actions');
    const actor = entityIndex(ctx, c);
    const e = ctx.entities[actor];
    for (const pa of childrenNamed(c, 'PrivateAction')) {
      const x = pa.children[0];
      if (x?.name === 'TeleportAction') {
        const p = compilePosition(initCtx, x);
        Object.assign(e, { s: p.s, t: p.t, headingRel: p.headingRel });
        continue;
      }
      const speed = x?.name === 'LongitudinalAction' ? child(x, 'SpeedAction') : undefined;
      const dyn = speed ? child(speed, 'SpeedActionDynamics') : undefined;
      const abs = speed ? child(child(speed, 'SpeedActionTarget') ?? speed, 'AbsoluteTargetSpeed') : undefined;
      if (speed && dyn && abs && (ctx.attrs.str(dyn, 'dynamicsShape') === 'step' || ctx.attrs.num(dyn, 'value') === 0)) {
        e.speedMps = ctx.attrs.num(abs, 'value');
        if (e.speedMps < 0) refuse(abs, 'a negative speed (driving backwards) is not supported');
        if (e.speedMps > 0) e.moves = true;
        continue;
      }
      const body = compilePrivateAction(initCtx, pa, actor);
      if (body.kind !== 'none') later.push({ key: newElement(ctx, '(init)', 'action'), body });
    }
  }
  if (later.length === 0) return { story: null, fogRangeM };
  const story = newElement(ctx, '(init)', 'story'), act = newElement(ctx, '(init)', 'act'), group = newElement(ctx, '(init)', 'maneuverGroup');
  const maneuver = newElement(ctx, '(init)', 'maneuver'), event = newElement(ctx, '(init)', 'event');
  return {
    story: { key: story, acts: [{ key: act, start: null, stop: null, groups: [{ key: group, maneuvers: [{ key: maneuver, events: [{ key: event, priority: 'parallel', maxCount: 1, start: null, actions: later }] }] }] }] },
    fogRangeM,
  };
}

/** EnvironmentAction in Init: fog limits what the sensors see; the rest is reported as not modelled. */
function environment(ctx: Ctx, env: XmlNode): number | null {
  let e = child(env, 'Environment');
  let attrs = ctx.attrs;
  const ref = child(env, 'CatalogReference');
  if (ref) ({ entry: e, attrs } = ctx.catalogs.resolve(ref, ctx.attrs));
  if (!e) refuse(env, 'needs an Environment or CatalogReference');
  const weather = child(e, 'Weather');
  const fog = weather ? child(weather, 'Fog') : undefined;
  const unmodelled = [...(weather?.children ?? []).filter((w) => w.name !== 'Fog').map((w) => `Weather/${w.name}`), ...e.children.filter((c) => !['Weather', 'ParameterDeclarations'].includes(c.name)).map((c) => c.name)];
  if (unmodelled.length) ctx.notes.push(`environment: ${unmodelled.join(', ')} not modelled (only Fog/visualRange, which limits the sensor ranges)`);
  return fog ? attrs.num(fog, 'visualRange') : null;
}
