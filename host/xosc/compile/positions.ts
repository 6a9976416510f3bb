// Positions (ASAM OSC 1.x "Position"): each reduced to road coordinates (s, t) on the one road
// the scenario runs along, with the heading relative to +s.
import { notSupported, refuse } from '../errors.js';
import type { RoadPoint } from '../runtime/program.js';
import { child, type XmlNode } from '../xml.js';
import type { Ctx } from './context.js';
import { entityIndex } from './context.js';

export interface Placed extends RoadPoint { headingRel: number }

const wrap = (a: number) => Math.atan2(Math.sin(a), Math.cos(a));

function roadOf(ctx: Ctx, node: XmlNode) {
  if (!ctx.road) refuse(node, 'needs a road network (RoadNetwork/LogicFile)');
  const id = ctx.attrs.str(node, 'roadId');
  if (id !== ctx.road.id) notSupported(node, `road "${id}": the scenario runs along one road ("${ctx.road.id}")`);
  return ctx.road;
}

/** The default heading in a lane: its driving direction (+s or −s), as esmini places entities. */
function laneHeading(ctx: Ctx, laneId: number): number {
  return ctx.road && !ctx.road.alongS(laneId) ? Math.PI : 0;
}

function orientation(ctx: Ctx, pos: XmlNode, base: number, roadHdg: number): number {
  const o = child(pos, 'Orientation');
  if (!o) return base;
  const h = ctx.attrs.optNum(o, 'h', 0);
  const type = ctx.attrs.oneOf(o, 'type', ['relative', 'absolute'] as const, 'relative');
  return wrap(type === 'relative' ? base + h : h - roadHdg);
}

function entityPlace(ctx: Ctx, node: XmlNode): { e: number; s: number; t: number; h: number } {
  const e = entityIndex(ctx, node);
  const d = ctx.entities[e];
  if (!ctx.inInit) notSupported(node, 'positions relative to an entity outside Init (only Init places entities relative to each other)');
  if (d.s === undefined || d.t === undefined) refuse(node, `entity "${d.name}" is not placed yet (teleport it earlier in Init)`);
  return { e, s: d.s, t: d.t, h: d.headingRel ?? 0 };
}

export function compilePosition(ctx: Ctx, holder: XmlNode): Placed {
  const pos = holder.name === 'Position' ? holder : child(holder, 'Position');
  if (!pos || pos.children.length !== 1) refuse(holder, 'needs exactly one Position');
  const p = pos.children[0];
  const a = ctx.attrs;
  switch (p.name) {
    case 'WorldPosition': {
      const x = a.num(p, 'x'), y = a.num(p, 'y');
      if (!ctx.road) return { s: x, t: y, headingRel: wrap(a.optNum(p, 'h', 0)) };
      const r = ctx.road.toRoad(x, y);
      return { s: r.s, t: r.t, headingRel: wrap(a.optNum(p, 'h', ctx.road.headingAt(r.s)) - ctx.road.headingAt(r.s)) };
    }
    case 'LanePosition': {
      const road = roadOf(ctx, p);
      const laneId = Number(a.str(p, 'laneId'));
      const s = a.num(p, 's');
      if (!road.laneIds(s).includes(laneId)) refuse(p, `lane ${laneId} does not exist at s = ${s} on road "${road.id}"`);
      return { s, t: road.laneCentreT(laneId, s) + a.optNum(p, 'offset', 0), headingRel: orientation(ctx, p, laneHeading(ctx, laneId), road.headingAt(s)) };
    }
    case 'RoadPosition': {
      const road = roadOf(ctx, p);
      const s = a.num(p, 's');
      return { s, t: a.num(p, 't'), headingRel: orientation(ctx, p, 0, road.headingAt(s)) };
    }
    case 'RelativeLanePosition': {
      const ref = entityPlace(ctx, p);
      if (!ctx.road) refuse(p, 'needs a road network (RoadNetwork/LogicFile)');
      const dLane = Math.trunc(a.num(p, 'dLane'));
      const s = ref.s + (a.has(p, 'ds') ? a.num(p, 'ds') : a.optNum(p, 'dsLane', 0));
      let lane = ctx.road.laneAt(ref.s, ref.t);
      for (let k = 0; k < Math.abs(dLane); k++) { lane += Math.sign(dLane); if (lane === 0) lane += Math.sign(dLane); }
      if (!ctx.road.laneIds(s).includes(lane)) refuse(p, `lane ${lane} (dLane ${dLane} from "${ctx.entities[ref.e].name}") does not exist at s = ${s}`);
      return { s, t: ctx.road.laneCentreT(lane, s) + a.optNum(p, 'offset', 0), headingRel: orientation(ctx, p, ref.h, ctx.road.headingAt(s)) };
    }
    case 'RelativeRoadPosition': {
      const ref = entityPlace(ctx, p);
      return { s: ref.s + a.num(p, 'ds'), t: ref.t + a.num(p, 'dt'), headingRel: orientation(ctx, p, ref.h, 0) };
    }
    case 'RelativeObjectPosition': {
      const ref = entityPlace(ctx, p);
      const dx = a.num(p, 'dx'), dy = a.num(p, 'dy');
      // The entity's own frame: x forward, y left; on a 1-D road forward is ±s.
      const c = Math.cos(ref.h), sn = Math.sin(ref.h);
      return { s: ref.s + dx * c - dy * sn, t: ref.t + dx * sn + dy * c, headingRel: orientation(ctx, p, ref.h, 0) };
    }
    default:
      return notSupported(p, 'position type');
  }
}
