// Private and global actions (ASAM OSC 1.x): how each changes the simulator's objects over time.
// Longitudinal motion is handed to SimObject as an acceleration (so the sensor sees it, as in the
// native format); lateral motion sets the object's lateral position along a shaped profile.
import { CYCLE_S } from '../../../abi/signals.js';
import type { SimObject } from '../../sim/world.js';
import type { ActionBody, ScalarValue, Shape } from './program.js';
import type { WorldView } from './world-view.js';

/** The dynamics shapes as a progress profile p ∈ [0, 1] → [0, 1]. */
export function shapeAt(shape: Shape, p: number): number {
  const x = Math.min(Math.max(p, 0), 1);
  switch (shape) {
    case 'step': return 1;
    case 'linear': return x;
    case 'cubic': return x * x * (3 - 2 * x);
    case 'sinusoidal': return (1 - Math.cos(Math.PI * x)) / 2;
  }
}

export interface ActionContext {
  world: WorldView;
  parameters: Map<string, ScalarValue>;
  variables: Map<string, ScalarValue>;
  setEgoSetSpeed(mps: number): void;
}

/** A started action; `step` runs it for one cycle and says whether it has ended. */
export interface RunningAction { readonly actor: number; readonly domain: 'longitudinal' | 'lateral' | 'none'; done: boolean; step(tS: number): void }

const mustObject = (w: WorldView, actor: number): SimObject => {
  const o = w.object(actor);
  if (!o) throw new Error(`internal: action on the ego reached the runtime (${w.name(actor)})`);
  return o;
};

class SpeedRun implements RunningAction {
  readonly domain = 'longitudinal';
  done = false;
  private readonly o: SimObject;
  private readonly t0: number;
  private readonly v0: number;
  private vTarget: number;
  private readonly durationS: number;
  private readonly native: boolean;
  constructor(private readonly w: WorldView, private readonly a: Extract<ActionBody, { kind: 'speed' }>, tS: number) {
    this.actor = a.actor;
    this.o = mustObject(w, a.actor);
    this.t0 = tS;
    this.v0 = this.o.speedMps;
    this.vTarget = this.target();
    const d = a.dynamics, dv = Math.abs(this.vTarget - this.v0);
    this.durationS = d.shape === 'step' ? 0 : d.dimension === 'time' ? d.value : d.dimension === 'rate' ? dv / Math.max(Math.abs(d.value), 1e-9) : (2 * d.value) / Math.max(this.v0 + this.vTarget, 1e-9);
    // Linear at a rate is the native maneuver (accelerate until a speed): the same arithmetic.
    this.native = d.shape === 'linear' && d.dimension === 'rate' && !this.continuous;
    if (this.native && dv > 0) {
      this.o.accelMps2 = Math.sign(this.vTarget - this.v0) * Math.abs(d.value);
      this.o.untilSpeedMps = this.vTarget;
    }
  }
  readonly actor: number;
  private get continuous(): boolean { return 'entity' in this.a.target && this.a.target.continuous; }
  private target(): number {
    const t = this.a.target;
    if ('absMps' in t) return Math.max(t.absMps, 0);
    const ref = this.w.speed(t.entity);
    return Math.max(t.type === 'delta' ? ref + t.value : ref * t.value, 0);
  }
  step(tS: number): void {
    const o = this.o;
    if (this.native) {
      if (o.accelMps2 === 0) this.done = true; // SimObject stops the acceleration at the target
      return;
    }
    const elapsed = tS - this.t0 + CYCLE_S;
    if (this.continuous) this.vTarget = this.target();
    if (this.durationS <= 0 || elapsed >= this.durationS - 1e-9) {
      o.untilSpeedMps = -1;
      if (this.continuous) { o.accelMps2 = (this.vTarget - o.speedMps) / CYCLE_S; return; } // keeps tracking
      o.speedMps = this.vTarget;
      o.accelMps2 = 0;
      this.done = true;
      return;
    }
    const next = this.v0 + (this.vTarget - this.v0) * shapeAt(this.a.dynamics.shape, elapsed / this.durationS);
    o.accelMps2 = (next - o.speedMps) / CYCLE_S;
    o.untilSpeedMps = -1;
  }
}

class LongDistanceRun implements RunningAction {
  readonly domain = 'longitudinal';
  done = false;
  readonly actor: number;
  private readonly o: SimObject;
  constructor(private readonly w: WorldView, private readonly a: Extract<ActionBody, { kind: 'longDistance' }>) {
    this.actor = a.actor;
    this.o = mustObject(w, a.actor);
  }
  step(): void {
    const { w, a, o } = this;
    const vRef = w.speed(a.target);
    const wanted = a.distanceM ?? (a.timeGapS ?? 0) * Math.max(vRef, 0);
    // Distance measured from the trailing to the leading entity.
    const now = a.leading ? w.longitudinal(a.target, a.actor, a.freespace) : w.longitudinal(a.actor, a.target, a.freespace);
    const error = now - wanted; // > 0: the trailing one is too far back
    const constrained = a.maxAccel !== undefined || a.maxDecel !== undefined || a.maxSpeed !== undefined;
    if (!constrained) {
      o.xM += a.leading ? -error : error;
      o.speedMps = vRef;
      o.accelMps2 = 0;
    } else {
      const sign = a.leading ? -1 : 1;
      let accel = sign * 0.5 * error + (vRef - o.speedMps) * 1.2;
      accel = Math.min(Math.max(accel, -(a.maxDecel ?? 10)), a.maxAccel ?? 10);
      if (a.maxSpeed !== undefined && o.speedMps + accel * CYCLE_S > a.maxSpeed) accel = (a.maxSpeed - o.speedMps) / CYCLE_S;
      o.accelMps2 = accel;
      o.untilSpeedMps = -1;
    }
    if (!a.continuous && Math.abs(error) < 0.5 && Math.abs(vRef - o.speedMps) < 0.2) this.done = true;
  }
}

class LateralRun implements RunningAction {
  readonly domain = 'lateral';
  done = false;
  readonly actor: number;
  private readonly o: SimObject;
  private readonly y0: number;
  private yTarget = 0;
  private durationS = 0;
  private readonly t0: number;
  constructor(private readonly w: WorldView, private readonly a: Extract<ActionBody, { kind: 'laneChange' | 'laneOffset' }>, tS: number) {
    this.actor = a.actor;
    this.o = mustObject(w, a.actor);
    this.y0 = this.o.yM;
    this.t0 = tS;
    const s = w.sRef(a.actor);
    if (a.kind === 'laneChange') {
      const t = 'laneId' in a.target ? w.laneCentre(a.target.laneId, s) : w.laneCentreAfter(w.laneOf(a.target.relativeTo), a.target.lanes, w.sRef(a.target.relativeTo));
      this.yTarget = w.yOf(t + a.offsetM);
      const d = a.dynamics, dy = Math.abs(this.yTarget - this.y0);
      this.durationS = d.shape === 'step' ? 0 : d.dimension === 'time' ? d.value : d.dimension === 'rate' ? dy / Math.max(d.value, 1e-9) : d.value / Math.max(this.o.speedMps, 0.1);
    } else {
      const base = a.relativeTo !== undefined ? w.t(a.relativeTo) : w.laneCentre(w.laneOf(a.actor), s);
      this.yTarget = w.yOf(base + a.offsetM);
      const dy = Math.abs(this.yTarget - this.y0), acc = Math.max(a.maxLatAccelMps2, 1e-9);
      // Peak lateral acceleration of each profile over a move of dy in T: cubic 6·dy/T², sinusoidal π²·dy/(2T²).
      this.durationS = a.shape === 'step' || dy === 0 ? 0 : a.shape === 'cubic' ? Math.sqrt((6 * dy) / acc) : Math.PI * Math.sqrt(dy / (2 * acc));
    }
  }
  private get shape(): Shape { return this.a.kind === 'laneChange' ? this.a.dynamics.shape : this.a.shape; }
  step(tS: number): void {
    const p = this.durationS <= 0 ? 1 : (tS - this.t0) / this.durationS;
    this.o.yM = this.y0 + (this.yTarget - this.y0) * shapeAt(this.shape, p);
    if (p >= 1 && !(this.a.kind === 'laneOffset' && this.a.continuous)) this.done = true;
  }
}

class Instant implements RunningAction {
  readonly domain = 'none';
  done = true;
  constructor(readonly actor: number) {}
  step(): void {}
}

function setValue(ctx: ActionContext, a: Extract<ActionBody, { kind: 'setValue' }>): void {
  const store = a.store === 'parameter' ? ctx.parameters : ctx.variables;
  const old = store.get(a.name);
  store.set(a.name, a.op === 'set' ? a.value : a.op === 'add' ? Number(old) + Number(a.value) : Number(old) * Number(a.value));
}

export function startAction(ctx: ActionContext, a: ActionBody, tS: number): RunningAction {
  const w = ctx.world;
  switch (a.kind) {
    case 'speed': return new SpeedRun(w, a, tS);
    case 'longDistance': return new LongDistanceRun(w, a);
    case 'laneChange': case 'laneOffset': return new LateralRun(w, a, tS);
    case 'teleport': {
      const o = mustObject(w, a.actor);
      o.xM = w.xRearOf(a.actor, a.at.s);
      o.yM = w.yOf(a.at.t);
      return new Instant(a.actor);
    }
    case 'egoSetSpeed': ctx.setEgoSetSpeed(a.mps); return new Instant(-1);
    case 'setValue': setValue(ctx, a); return new Instant(-1);
    case 'none': return new Instant(-1);
  }
}
