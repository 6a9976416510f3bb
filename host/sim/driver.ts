// Driver model: scripted hands / eyes / brake timelines, and reactions to the ECU's warnings
// after a reaction time (hands back on, eyes back, brake and take over).
import type { DriverAction, Scenario } from './scenario.js';

type Timeline = { atS: number; value: boolean }[];

function valueAt(timeline: Timeline | undefined, tS: number, fallback: boolean): boolean {
  let value = fallback;
  for (const p of timeline ?? []) if (p.atS <= tS) value = p.value;
  return value;
}

export class DriverModel {
  readonly reactionTimeS: number;
  readonly brakeMps2: number;
  private readonly pending: { atS: number; action: DriverAction }[] = [];
  private readonly answered = new Set<string>();
  private handsForcedOn = false;
  private eyesForcedOn = false;
  braking = false;
  accelerating = false;
  private accelerateUntilS = 0;

  constructor(private readonly spec: NonNullable<Scenario['driver']> = {}) {
    this.reactionTimeS = spec.reactionTimeS ?? 1.0;
    this.brakeMps2 = spec.brakeMps2 ?? 6;
  }

  handsOn(tS: number): boolean { return this.handsForcedOn || valueAt(this.spec.handsOn, tS, true); }
  eyesOnRoad(tS: number): boolean { return this.eyesForcedOn || valueAt(this.spec.eyesOnRoad, tS, true); }
  brakePedal(tS: number): boolean { return this.braking || valueAt(this.spec.brake, tS, false); }
  engageButton(tS: number): boolean { return valueAt(this.spec.engage, tS, false); }
  accelPedal(tS: number): number { return this.accelerating && tS < this.accelerateUntilS ? 0.3 : 0; }

  /** A warning event from the ECU: schedule the scripted response once per warning type. */
  notice(event: string, tS: number): void {
    const response = this.spec.respondsTo?.[event];
    if (!response || this.answered.has(event)) return;
    this.answered.add(event);
    for (const action of Array.isArray(response) ? response : [response]) this.pending.push({ atS: tS + this.reactionTimeS, action });
  }

  update(tS: number): void {
    if (this.pending.length === 0) return;
    for (let i = this.pending.length - 1; i >= 0; i--) {
      const p = this.pending[i];
      if (p.atS > tS) continue;
      this.pending.splice(i, 1);
      if (p.action === 'brake') this.braking = true;
      if (p.action === 'handsOn') this.handsForcedOn = true;
      if (p.action === 'eyesOn') this.eyesForcedOn = true;
      if (p.action === 'accelerate') { this.accelerating = true; this.accelerateUntilS = tS + 2; }
    }
  }
}
