// Driver model: scripted hands / eyes / brake timelines, and reactions to the ECU's warnings
// after a reaction time (hands back on, eyes back, brake and take over).
import type { DriverAction, Scenario } from './scenario.js';

type Timeline = { atS: number; value: boolean }[];

/** A scripted on/off signal read at increasing times: a cursor, not a scan per read. */
class Track {
  private readonly points: Timeline;
  private next = 0;
  private value: boolean;
  constructor(timeline: Timeline | undefined, fallback: boolean) {
    this.points = [...(timeline ?? [])].sort((a, b) => a.atS - b.atS);
    this.value = fallback;
  }
  at(tS: number): boolean {
    while (this.next < this.points.length && this.points[this.next].atS <= tS) this.value = this.points[this.next++].value;
    return this.value;
  }
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

  private readonly hands: Track;
  private readonly eyes: Track;
  private readonly brake: Track;
  private readonly engage: Track;

  constructor(private readonly spec: NonNullable<Scenario['driver']> = {}) {
    this.hands = new Track(spec.handsOn, true);
    this.eyes = new Track(spec.eyesOnRoad, true);
    this.brake = new Track(spec.brake, false);
    this.engage = new Track(spec.engage, false);
    this.reactionTimeS = spec.reactionTimeS ?? 1.0;
    this.brakeMps2 = spec.brakeMps2 ?? 6;
  }

  handsOn(tS: number): boolean { return this.hands.at(tS) || this.handsForcedOn; }
  eyesOnRoad(tS: number): boolean { return this.eyes.at(tS) || this.eyesForcedOn; }
  brakePedal(tS: number): boolean { return this.brake.at(tS) || this.braking; }
  engageButton(tS: number): boolean { return this.engage.at(tS); }
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
