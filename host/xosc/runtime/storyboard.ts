// The storyboard runtime (ASAM OSC 1.x "Storyboard and entities"): stories, acts, maneuver groups,
// maneuvers, events and actions move through standby → running → complete, with start/stop
// triggers, event priorities and execution counts. The simulator calls it once per cycle.
import { startAction, type ActionContext, type RunningAction } from './actions.js';
import { TriggerState, type RuntimeFacts } from './conditions.js';
import type { ActDef, EventDef, ScalarValue, StoryboardProgram } from './program.js';
import { WorldView, type SimState } from './world-view.js';

type ElementState = 'standby' | 'running' | 'complete';
const TRANSITION_STATE: Record<string, string> = { startTransition: 'running', endTransition: 'complete', stopTransition: 'complete', skipTransition: 'standby' };

interface EventRun { def: EventDef; start: TriggerState; count: number; actions: RunningAction[] }
interface ActRun { def: ActDef; start: TriggerState; stop: TriggerState; events: EventRun[][][] }

export class StoryboardRuntime implements RuntimeFacts {
  readonly world: WorldView;
  cycle = 0;
  stopped = false;
  egoSetSpeedMps: number | null = null;
  readonly parameters: Map<string, ScalarValue>;
  readonly variables: Map<string, ScalarValue>;
  readonly standStillSinceS: number[];
  readonly traveledM: number[];
  private readonly lastS: number[];
  private readonly state: ElementState[];
  private readonly transition: { name: string; cycle: number }[];
  private readonly stop: TriggerState;
  private readonly acts: ActRun[];
  private readonly running: RunningAction[] = [];
  private readonly ctx: ActionContext;
  /** Standstill time and traveled distance are kept only when a condition asks for them. */
  private readonly tracking: boolean;

  constructor(readonly program: StoryboardProgram, laneWidthM: number) {
    this.world = new WorldView(program, laneWidthM);
    this.parameters = new Map(Object.entries(program.parameters));
    this.variables = new Map(Object.entries(program.variables));
    const n = program.entities.length;
    this.standStillSinceS = new Array(n).fill(-1);
    this.traveledM = new Array(n).fill(0);
    this.lastS = new Array(n).fill(NaN);
    this.state = program.elementNames.map(() => 'standby');
    this.transition = program.elementNames.map(() => ({ name: '', cycle: -10 }));
    this.stop = new TriggerState(program.stop);
    this.acts = program.stories.flatMap((story) => story.acts.map((def) => ({
      def, start: new TriggerState(def.start), stop: new TriggerState(def.stop),
      events: def.groups.map((g) => g.maneuvers.map((m) => m.events.map((e) => ({ def: e, start: new TriggerState(e.start), count: 0, actions: [] })))),
    })));
    for (const story of program.stories) this.move(story.key, 'running', 'startTransition');
    this.tracking = /"kind":"(standStill|traveled)"/.test(JSON.stringify(program.stories) + JSON.stringify(program.stop));
    this.ctx = { world: this.world, parameters: this.parameters, variables: this.variables, setEgoSetSpeed: (mps) => { this.egoSetSpeedMps = mps; } };
  }

  elementIs(element: number, state: string): boolean {
    const t = this.transition[element];
    if (state in TRANSITION_STATE) return t.name === state && t.cycle >= this.cycle - 1;
    return this.state[element] === state.replace(/State$/, '');
  }

  private move(key: number, to: ElementState, transition: string): void {
    this.state[key] = to;
    this.transition[key] = { name: transition, cycle: this.cycle };
  }

  private trackEntities(tS: number): void {
    const w = this.world;
    for (let e = 0; e < this.program.entities.length; e++) {
      const s = w.sRef(e);
      if (!Number.isNaN(this.lastS[e])) this.traveledM[e] += Math.abs(s - this.lastS[e]);
      this.lastS[e] = s;
      if (w.speed(e) < 1e-3) { if (this.standStillSinceS[e] < 0) this.standStillSinceS[e] = tS; } else this.standStillSinceS[e] = -1;
    }
  }

  private endEvent(run: EventRun, transition: 'endTransition' | 'stopTransition'): void {
    for (const a of run.actions) {
      if (!a.done) { a.done = true; const i = this.running.indexOf(a); if (i >= 0) this.running.splice(i, 1); }
    }
    for (const a of run.def.actions) if (this.state[a.key] === 'running') this.move(a.key, 'complete', transition);
    run.actions = [];
    run.count += 1;
    // An event that may run again (maximumExecutionCount) waits for its trigger again.
    this.move(run.def.key, run.count < run.def.maxCount && transition === 'endTransition' ? 'standby' : 'complete', transition);
  }

  private startEvent(run: EventRun, siblings: EventRun[], tS: number): void {
    const busy = siblings.filter((x) => x !== run && this.state[x.def.key] === 'running');
    if (run.def.priority === 'skip' && busy.length) { this.transition[run.def.key] = { name: 'skipTransition', cycle: this.cycle }; return; }
    if (run.def.priority === 'override') for (const other of busy) this.endEvent(other, 'stopTransition');
    this.move(run.def.key, 'running', 'startTransition');
    for (const a of run.def.actions) {
      const started = startAction(this.ctx, a.body, tS);
      // A new action of the same kind on the same actor ends the one running (OSC: "overridden").
      for (const old of this.running) if (!old.done && old.domain !== 'none' && old.domain === started.domain && old.actor === started.actor) old.done = true;
      this.move(a.key, 'running', 'startTransition');
      run.actions.push(started);
      if (!started.done) this.running.push(started);
    }
  }

  private stepAct(act: ActRun, tS: number): void {
    const key = act.def.key;
    if (this.state[key] === 'standby') {
      if (!act.start.empty && !act.start.evaluate(this.world, this)) return;
      this.move(key, 'running', 'startTransition');
      for (const g of act.def.groups) { this.move(g.key, 'running', 'startTransition'); for (const m of g.maneuvers) this.move(m.key, 'running', 'startTransition'); }
    }
    if (this.state[key] !== 'running') return;
    if (act.stop.evaluate(this.world, this)) {
      for (const events of act.events.flat()) for (const e of events) if (this.state[e.def.key] === 'running') this.endEvent(e, 'stopTransition');
      for (const g of act.def.groups) { this.move(g.key, 'complete', 'stopTransition'); for (const m of g.maneuvers) this.move(m.key, 'complete', 'stopTransition'); }
      this.move(key, 'complete', 'stopTransition');
      return;
    }
    act.def.groups.forEach((g, gi) => {
      g.maneuvers.forEach((m, mi) => {
        const events = act.events[gi][mi];
        for (const run of events) {
          if (this.state[run.def.key] === 'standby' && (run.start.empty || run.start.evaluate(this.world, this))) this.startEvent(run, events, tS);
        }
      });
    });
  }

  /** Finishes what ended during the last cycle, bottom-up: actions → events → … → acts. */
  private settle(): void {
    for (const act of this.acts) {
      if (this.state[act.def.key] !== 'running') continue;
      act.def.groups.forEach((g, gi) => {
        g.maneuvers.forEach((m, mi) => {
          for (const run of act.events[gi][mi]) {
            if (this.state[run.def.key] !== 'running') continue;
            for (let i = 0; i < run.actions.length; i++) {
              if (run.actions[i].done && this.state[run.def.actions[i].key] === 'running') this.move(run.def.actions[i].key, 'complete', 'endTransition');
            }
            if (run.actions.every((a) => a.done)) this.endEvent(run, 'endTransition');
          }
          if (this.state[m.key] === 'running' && act.events[gi][mi].every((e) => this.state[e.def.key] === 'complete')) this.move(m.key, 'complete', 'endTransition');
        });
        if (this.state[g.key] === 'running' && g.maneuvers.every((m) => this.state[m.key] === 'complete')) this.move(g.key, 'complete', 'endTransition');
      });
      if (act.def.groups.every((g) => this.state[g.key] === 'complete')) this.move(act.def.key, 'complete', 'endTransition');
    }
    for (const story of this.program.stories) {
      if (this.state[story.key] === 'running' && story.acts.every((a) => this.state[a.key] === 'complete')) this.move(story.key, 'complete', 'endTransition');
    }
  }

  /** One cycle at time tS, before the objects move. */
  update(sim: SimState): void {
    if (this.stopped) return;
    this.world.state = sim;
    if (this.tracking) this.trackEntities(sim.tS);
    this.settle();
    if (this.stop.evaluate(this.world, this)) { this.stopped = true; return; }
    for (const act of this.acts) this.stepAct(act, sim.tS);
    for (const a of this.running) if (!a.done) a.step(sim.tS);
    for (let i = this.running.length - 1; i >= 0; i--) if (this.running[i].done) this.running.splice(i, 1);
    this.cycle += 1;
  }
}

