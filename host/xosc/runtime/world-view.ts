// The runtime's view of the simulated world: entity positions in road coordinates (s along the
// reference line, t to the left) computed from the simulator's 1-D objects and ego.
import type { Ego, SimObject } from '../../sim/world.js';
import { loadOpenDrive, type OdrRoad } from '../opendrive/road.js';
import type { EntityInfo, Measure, RoadPoint, StoryboardProgram } from './program.js';

export interface SimState { tS: number; ego: Ego; objects: SimObject[]; contactWith: string | null }

export class WorldView {
  readonly road: OdrRoad | null;
  readonly laneWidthM: number;
  state!: SimState;
  constructor(readonly program: StoryboardProgram, laneWidthM: number) {
    const r = program.road;
    this.road = r.xodr ? loadOpenDrive(r.xodr).roads.get(r.roadId) ?? null : null;
    this.laneWidthM = laneWidthM;
  }

  entity(e: number): EntityInfo { return this.program.entities[e]; }
  object(e: number): SimObject | null { const i = this.program.entities[e].object; return i < 0 ? null : this.state.objects[i]; }

  /** s of the entity's reference point. */
  sRef(e: number): number {
    const info = this.program.entities[e];
    const o = this.object(e);
    return o ? o.xM + this.program.sOriginM - info.rearFromRefM : this.state.ego.xM + this.program.sOriginM - info.frontFromRefM;
  }
  front(e: number): number { return this.sRef(e) + this.program.entities[e].frontFromRefM; }
  rear(e: number): number { return this.sRef(e) + this.program.entities[e].rearFromRefM; }
  t(e: number): number {
    const o = this.object(e);
    return o ? o.yM - this.program.egoY + this.program.egoT : this.program.egoT;
  }
  speed(e: number): number { const o = this.object(e); return o ? o.speedMps : this.state.ego.speedMps; }
  accel(e: number): number { const o = this.object(e); return o ? o.accelMps2 : this.state.ego.accelMps2; }
  name(e: number): string { return this.program.entities[e].name; }

  /** Native y for a road lateral position t. */
  yOf(t: number): number { return t - this.program.egoT + this.program.egoY; }
  /** Native x of an entity's rear when its reference point is at s. */
  xRearOf(e: number, s: number): number { return s + this.program.entities[e].rearFromRefM - this.program.sOriginM; }

  /** Signed longitudinal distance from a to b (+ when b is ahead); freespace: between the bounding boxes. */
  longitudinal(a: number, b: number, freespace: boolean): number {
    if (!freespace) return this.sRef(b) - this.sRef(a);
    const ahead = this.rear(b) - this.front(a);
    if (ahead > 0) return ahead;
    const behind = this.rear(a) - this.front(b);
    return behind > 0 ? -behind : 0;
  }
  lateral(a: number, b: number, freespace: boolean): number {
    const d = Math.abs(this.t(b) - this.t(a));
    return freespace ? Math.max(d - (this.program.entities[a].widthM + this.program.entities[b].widthM) / 2, 0) : d;
  }
  distance(a: number, b: number, freespace: boolean, measure: Measure): number {
    if (measure === 'longitudinal') return this.longitudinal(a, b, freespace);
    if (measure === 'lateral') return this.lateral(a, b, freespace);
    return Math.hypot(this.longitudinal(a, b, freespace), this.lateral(a, b, freespace));
  }
  /** Signed distance from an entity to a road point (+ when the point is ahead). */
  toPoint(a: number, p: RoadPoint, freespace: boolean, measure: Measure): number {
    const ds = p.s - this.sRef(a);
    const lon = !freespace ? ds : ds > 0 ? Math.max(p.s - this.front(a), 0) : Math.min(p.s - this.rear(a), 0);
    const lat = Math.abs(p.t - this.t(a));
    return measure === 'longitudinal' ? lon : measure === 'lateral' ? lat : Math.hypot(lon, lat);
  }

  /** OpenDRIVE lane id of an entity (0 when there is no road network). */
  laneOf(e: number): number { return this.road ? this.road.laneAt(this.sRef(e), this.t(e)) : 0; }

  /** t of the lane `lanes` lanes to the left (+) of lane `id` at s, skipping the centre lane 0. */
  laneCentreAfter(id: number, lanes: number, s: number): number {
    if (!this.road) return this.program.egoT + (id + lanes) * this.laneWidthM;
    let target = id;
    for (let k = 0; k < Math.abs(lanes); k++) { target += Math.sign(lanes); if (target === 0) target += Math.sign(lanes); }
    if (this.road.laneIds(s).includes(target)) return this.road.laneCentreT(target, s);
    return this.road.laneCentreT(id, s) + lanes * this.laneWidthM;
  }
  laneCentre(id: number, s: number): number { return this.road ? this.road.laneCentreT(id, s) : id * this.laneWidthM; }
}
