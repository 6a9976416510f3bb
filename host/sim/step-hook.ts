// The optional per-cycle hook a scenario can carry: an imported OpenSCENARIO storyboard
// (host/xosc) that moves the objects, may change the driver's set speed, may keep the ECU's
// commands off the car (a "driver holds speed" baseline) and may end the run (StopTrigger).
import { IN, OUT } from '../ecu/abi-views.js';
import { StoryboardRuntime } from '../xosc/runtime/storyboard.js';
import type { Scenario } from './scenario.js';
import type { Ego, SimObject } from './world.js';

export interface StepHook {
  readonly stopped: boolean;
  /** Start of a cycle, before the objects move. */
  update(tS: number, ego: Ego, objects: SimObject[], contactWith: string | null): void;
  /** After the frame is written, before the firmware runs. */
  adjustFrame(frame: Float64Array): void;
  /** After the firmware ran, before the car responds. */
  adjustOutputs(outputs: Float64Array): void;
}

class StoryboardHook implements StepHook {
  private readonly runtime: StoryboardRuntime;
  private readonly sim = { tS: 0, ego: null as unknown as Ego, objects: [] as SimObject[], contactWith: null as string | null };
  constructor(private readonly scenario: Scenario) {
    this.runtime = new StoryboardRuntime(scenario.storyboard!, scenario.road.laneWidthM ?? 3.5);
  }
  get stopped(): boolean { return this.runtime.stopped; }
  update(tS: number, ego: Ego, objects: SimObject[], contactWith: string | null): void {
    const s = this.sim;
    s.tS = tS; s.ego = ego; s.objects = objects; s.contactWith = contactWith;
    this.runtime.update(s);
  }
  adjustFrame(frame: Float64Array): void {
    if (this.runtime.egoSetSpeedMps !== null) frame[IN.setSpeedMps] = this.runtime.egoSetSpeedMps;
  }
  adjustOutputs(outputs: Float64Array): void {
    if (this.scenario.storyboard!.ecuCommandsApplied) return;
    outputs[OUT.longControlActive] = 0;
    outputs[OUT.accelCmdMps2] = 0;
  }
}

export function createStepHook(scenario: Scenario): StepHook | null {
  return scenario.storyboard ? new StoryboardHook(scenario) : null;
}
