// Condition evaluation (ASAM OSC 1.x "Conditions"): the value, then the delay and the edge.
import type { Condition, EntityTest, Rule, ScalarValue, Test, Trigger } from './program.js';
import type { WorldView } from './world-view.js';

export function compare(a: ScalarValue, rule: Rule, b: ScalarValue): boolean {
  if (typeof a === 'number' && typeof b === 'number') {
    switch (rule) {
      case 'greaterThan': return a > b;
      case 'lessThan': return a < b;
      case 'greaterOrEqual': return a >= b;
      case 'lessOrEqual': return a <= b;
      case 'equalTo': return Math.abs(a - b) < 1e-9;
      case 'notEqualTo': return Math.abs(a - b) >= 1e-9;
    }
  }
  const x = String(a), y = String(b);
  if (rule === 'equalTo') return x === y;
  if (rule === 'notEqualTo') return x !== y;
  return compare(Number(a), rule, Number(b));
}

/** What the condition tests need beyond the world: element transitions, stores, traveled distance. */
export interface RuntimeFacts {
  cycle: number;
  /** The element is in `state` now, or made that transition this or the previous cycle. */
  elementIs(element: number, state: string): boolean;
  parameters: Map<string, ScalarValue>;
  variables: Map<string, ScalarValue>;
  standStillSinceS: number[];
  traveledM: number[];
}

function entityTest(w: WorldView, f: RuntimeFacts, e: number, t: EntityTest): boolean {
  switch (t.kind) {
    case 'ttc': {
      const d = typeof t.target === 'number' ? w.distance(e, t.target, t.freespace, t.measure) : w.toPoint(e, t.target, t.freespace, t.measure);
      const vTarget = typeof t.target === 'number' ? w.speed(t.target) : 0;
      const closing = d >= 0 ? w.speed(e) - vTarget : vTarget - w.speed(e);
      const ttc = closing > 1e-6 ? Math.abs(d) / closing : Infinity;
      return Number.isFinite(ttc) && compare(ttc, t.rule, t.value);
    }
    case 'headway': {
      const v = w.speed(e);
      if (v < 1e-6) return false;
      // Signed: negative while the other entity is still behind.
      const ahead = Math.sign(w.longitudinal(e, t.target, t.freespace)) || 1;
      return compare((ahead * Math.abs(w.distance(e, t.target, t.freespace, t.measure))) / v, t.rule, t.value);
    }
    case 'relDistance': return compare(Math.abs(w.distance(e, t.target, t.freespace, t.measure)), t.rule, t.value);
    case 'distance': return compare(Math.abs(w.toPoint(e, t.target, t.freespace, t.measure)), t.rule, t.value);
    case 'speed': return compare(w.speed(e), t.rule, t.value);
    case 'relSpeed': return compare(w.speed(e) - w.speed(t.target), t.rule, t.value);
    case 'accel': return compare(w.accel(e), t.rule, t.value);
    case 'collision': {
      // The simulator detects the ego's contacts (the run ends there); objects pass through each other.
      const hit = w.state.contactWith;
      if (hit === null) return false;
      const entities = w.program.entities;
      const egoIndex = entities.findIndex((x) => x.object < 0);
      const other = e === egoIndex ? entities.findIndex((x) => x.name === hit) : w.name(e) === hit ? egoIndex : -1;
      if (other < 0) return false;
      if (typeof t.target === 'number') return t.target === other;
      const kind = entities[other].kind;
      const type = kind === 'car' || kind === 'truck' ? 'vehicle' : kind === 'pedestrian' ? 'pedestrian' : 'miscellaneous';
      return type === t.target.objectType;
    }
    case 'reach': return w.toPoint(e, t.target, false, 'euclidean') <= t.toleranceM;
    case 'standStill': return f.standStillSinceS[e] >= 0 && w.state.tS - f.standStillSinceS[e] >= t.durationS - 1e-9;
    case 'traveled': return f.traveledM[e] >= t.value;
  }
}

function testValue(w: WorldView, f: RuntimeFacts, t: Test): boolean {
  switch (t.kind) {
    case 'time': return compare(w.state.tS, t.rule, t.value);
    case 'state': return f.elementIs(t.element, t.state);
    case 'parameter': return f.parameters.has(t.name) && compare(f.parameters.get(t.name)!, t.rule, t.value);
    case 'variable': return f.variables.has(t.name) && compare(f.variables.get(t.name)!, t.rule, t.value);
    case 'entity': return t.all ? t.triggering.every((e) => entityTest(w, f, e, t.test)) : t.triggering.some((e) => entityTest(w, f, e, t.test));
  }
}

/** One condition's memory: the previous value (for edges) and the values waiting out the delay. */
class ConditionState {
  private previous: boolean | undefined;
  private readonly pending: { atS: number; value: boolean }[] = [];
  private delayed = false;
  constructor(readonly def: Condition) {}

  evaluate(w: WorldView, f: RuntimeFacts): boolean {
    const now = testValue(w, f, this.def.test);
    const before = this.previous;
    this.previous = now;
    let value: boolean;
    switch (this.def.edge) {
      case 'none': value = now; break;
      case 'rising': value = before === false && now; break;
      case 'falling': value = before === true && !now; break;
      case 'risingOrFalling': value = before !== undefined && before !== now; break;
    }
    if (this.def.delayS <= 0) return value;
    // A delayed condition reports the value it had `delay` seconds ago.
    this.pending.push({ atS: w.state.tS + this.def.delayS, value });
    while (this.pending.length && this.pending[0].atS <= w.state.tS + 1e-9) this.delayed = this.pending.shift()!.value;
    return this.delayed;
  }
}

export class TriggerState {
  private readonly groups: ConditionState[][] | null;
  constructor(def: Trigger) { this.groups = def ? def.map((g) => g.map((c) => new ConditionState(c))) : null; }
  get empty(): boolean { return this.groups === null; }
  /** Every condition is evaluated each cycle (edges and delays need their history). */
  evaluate(w: WorldView, f: RuntimeFacts): boolean {
    if (!this.groups) return false;
    let any = false;
    for (const g of this.groups) {
      let all = true;
      for (const c of g) if (!c.evaluate(w, f)) all = false;
      if (all) any = true;
    }
    return any;
  }
}
