// One closed-loop drive: road + objects → sensor frame → firmware cycle → driver → plant,
// every 10 ms, with contact detection (relative impact speed) and the event timeline.
import { CYCLE_S } from '../../abi/signals.js';
import { IN, LAYOUT, OUT } from '../ecu/abi-views.js';
import { decodeEvents } from '../ecu/ecu.js';
import type { Controller } from '../runner/controller.js';
import { DriverModel } from './driver.js';
import { sweptContact } from './contact.js';
import { actuate } from './plant.js';
import type { Scenario } from './scenario.js';
import { SensorModel } from './sensor.js';
import { createStepHook, type StepHook } from './step-hook.js';
import { KPH, Road, SimObject, type Ego } from './world.js';

export interface SimEvent { tS: number; type: string }
export interface Contact { tS: number; objectId: string; impactSpeedKph: number }

// Slot numbers resolved once: the frame is written every 10 ms of simulated time.
const {
  frameCounter: I_COUNTER, mainSwitch: I_MAIN, engageRequest: I_ENGAGE, cancelRequest: I_CANCEL, egoSpeedMps: I_SPEED,
  egoAccelMps2: I_ACCEL, setSpeedMps: I_SET, timeGapSetS: I_GAP, speedLimitMps: I_LIMIT, curvatureAheadPerM: I_CURV,
  curveDistM: I_CURVE_DIST, stationaryDetectRangeM: I_STAT_RANGE, smallObstacleDetectRangeM: I_SMALL_RANGE, zoneValid: I_ZONE, zoneDistM: I_ZONE_DIST, zoneEgoLaneClosed: I_ZONE_CLOSED,
  oddEndDistM: I_ODD, handsOn: I_HANDS, eyesOnRoad: I_EYES, brakePedal: I_BRAKE, accelPedal: I_PEDAL,
  sensorFault: I_SENSOR_FAULT, crashDetected: I_CRASH,
} = IN;
const { accelCmdMps2: O_CMD, longControlActive: O_LONG, assistActive: O_ASSIST, eventFlags: O_EVENTS } = OUT;

export class Simulation {
  /** The input block the scene is written into: the firmware's own (zero copy) when the controller
   * steps in place, else a private block that `controller.cycle` sends (OTA swapper, remote rig). */
  frame: Float64Array;
  /** The firmware's answer: its own output block when nothing rewrites it (no storyboard hook), else a copy. */
  outputs: Float64Array;
  readonly ego: Ego;
  readonly road: Road;
  readonly objects: SimObject[];
  readonly sensor: SensorModel;
  readonly driver: DriverModel;
  readonly events: SimEvent[] = [];
  cycle = 0;
  contact: Contact | null = null;
  /** An imported storyboard (OpenSCENARIO) driving the objects; null for native scenarios. */
  readonly hook: StepHook | null;
  private readonly egoLane: number;
  private readonly engage: boolean;
  private readonly mainSwitch: number;
  private readonly setSpeedMps: number;
  private readonly timeGapS: number;
  /** Each object's gap at the previous cycle, for swept contact detection. */
  private readonly gapBeforeM: Float64Array;
  private readonly inPlace: boolean;
  private readonly zeroCopyOutputs: boolean;
  /** When the run ends [s], read once (scenarios differ in shape: a per-cycle load was polymorphic). */
  private readonly endS: number;

  constructor(readonly scenario: Scenario, readonly controller: Controller) {
    this.road = new Road(scenario.road);
    this.egoLane = scenario.ego.lane ?? 0;
    const speedMps = scenario.ego.speedKph * KPH;
    this.ego = { xM: 0, yM: this.egoLane * this.road.laneWidthM, speedMps, accelMps2: 0 };
    this.objects = (scenario.objects ?? []).map((o) => new SimObject(o, this.road.laneWidthM, speedMps));
    this.sensor = new SensorModel(scenario.sensors, this.road);
    this.driver = new DriverModel(scenario.driver);
    const assist = scenario.ego.assist ?? 'engaged';
    this.engage = assist === 'engaged';
    this.mainSwitch = assist !== 'off' ? 1 : 0;
    this.setSpeedMps = (scenario.ego.setSpeedKph ?? scenario.ego.speedKph) * KPH;
    this.timeGapS = scenario.ego.timeGapS ?? 1.45;
    this.gapBeforeM = Float64Array.from(this.objects, (o) => o.gapM(this.ego));
    this.hook = createStepHook(scenario);
    this.endS = scenario.durationS - 1e-9;
    this.inPlace = controller.stepInPlace !== undefined;
    // A hook's adjustOutputs must not write into the firmware's block (some outputs carry over).
    this.zeroCopyOutputs = this.inPlace && this.hook === null;
    this.frame = this.inPlace ? controller.ecu.inputs : new Float64Array(LAYOUT.inputs.slots);
    this.outputs = this.zeroCopyOutputs ? controller.ecu.outputs : new Float64Array(LAYOUT.outputs.slots);
    // Every run starts from a zeroed frame, whatever an earlier run on this instance left there.
    this.frame.fill(0);
  }

  /** A grown memory detaches the views (length 0): re-create them; the block contents are kept. */
  private rebindIfDetached(): void {
    if (!this.inPlace || (this.frame.length !== 0 && this.outputs.length !== 0)) return;
    const ecu = this.controller.ecu;
    this.frame = ecu.refreshViews();
    if (this.zeroCopyOutputs) this.outputs = ecu.outputs;
  }

  get tS(): number { return this.cycle * CYCLE_S; }
  get done(): boolean { return this.contact !== null || this.tS >= this.endS || this.hook?.stopped === true; }

  private writeFrame(tS: number): void {
    const f = this.frame;
    const x = this.ego.xM;
    const driver = this.driver;
    f[I_COUNTER] = this.cycle % 65536;
    f[I_MAIN] = this.mainSwitch;
    // The driver presses "engage" just after power-up (the ECU first goes off → standby).
    f[I_ENGAGE] = (this.engage && this.cycle >= 5 && this.cycle < 10) || driver.engageButton(tS) ? 1 : 0;
    f[I_CANCEL] = 0;
    f[I_SPEED] = this.ego.speedMps;
    f[I_ACCEL] = this.ego.accelMps2;
    f[I_SET] = this.setSpeedMps;
    f[I_GAP] = this.timeGapS;
    f[I_LIMIT] = this.road.speedLimitMps(x);
    const curve = this.road.curvatureAhead(x);
    f[I_CURV] = curve.perM;
    f[I_CURVE_DIST] = curve.distM;
    this.sensor.writeObject(f, this.objects, this.ego);
    f[I_STAT_RANGE] = this.sensor.reportedStationaryRangeM;
    f[I_SMALL_RANGE] = this.sensor.reportedSmallObstacleRangeM;
    const zone = this.road.constructionAhead(x, this.egoLane);
    f[I_ZONE] = zone ? 1 : 0;
    f[I_ZONE_DIST] = zone ? Math.min(zone.distM, 5000) : 0;
    f[I_ZONE_CLOSED] = zone?.egoLaneClosed ? 1 : 0;
    f[I_ODD] = this.road.designDomainEndDistM(x);
    f[I_HANDS] = driver.handsOn(tS) ? 1 : 0;
    f[I_EYES] = driver.eyesOnRoad(tS) ? 1 : 0;
    f[I_BRAKE] = driver.brakePedal(tS) ? 1 : 0;
    f[I_PEDAL] = driver.accelPedal(tS);
    f[I_SENSOR_FAULT] = 0;
    f[I_CRASH] = this.contact ? 1 : 0;
    this.sensor.applyFaults(f, tS);
  }

  /** The acceleration requested of the car this cycle: ECU, driver, or both (most braking wins). */
  private requestedAccelMps2(tS: number): number {
    const o = this.outputs;
    const ecuControls = o[O_LONG] !== 0;
    const ecu = Number.isFinite(o[O_CMD]) ? o[O_CMD] : 0;
    if (this.driver.brakePedal(tS)) return ecuControls ? Math.min(ecu, -this.driver.brakeMps2) : -this.driver.brakeMps2;
    if (ecuControls && (o[O_ASSIST] !== 0 || ecu < 0)) return ecu;
    const pedal = this.driver.accelPedal(tS);
    // A driver without the pilot holds the speed (the Euro NCAP runs drive at constant speed).
    return pedal > 0 ? pedal * 6 : 0;
  }

  private detectContact(): void {
    const before = this.gapBeforeM;
    for (let i = 0; i < this.objects.length; i++) {
      const o = this.objects[i];
      const gap = o.gapM(this.ego);
      const gapBefore = before[i];
      before[i] = gap;
      // Contact: the front bumper reached or swept past the object's rear, or it moved into the ego's side.
      if (this.contact === null && sweptContact(gapBefore, gap, o.lengthM) && o.overlaps(this.ego)) {
        const tS = +this.tS.toFixed(2);
        this.contact = { tS, objectId: o.id, impactSpeedKph: Math.max(this.ego.speedMps - o.speedMps, 0) / KPH };
        this.events.push({ tS, type: 'collision' });
      }
    }
  }

  step(): void {
    this.beginCycle();
    if (this.inPlace) {
      this.controller.stepInPlace!();
      this.rebindIfDetached();
      if (!this.zeroCopyOutputs) this.outputs.set(this.controller.ecu.outputs);
    } else {
      this.controller.cycle(this.frame, this.outputs, this.cycle);
    }
    this.endCycle();
  }

  /** First half of a step: world and driver advance, the frame is written (an asynchronous rig sends it now). */
  beginCycle(): void {
    const tS = this.tS;
    this.hook?.update(tS, this.ego, this.objects, this.contact?.objectId ?? null);
    const objects = this.objects;
    for (let i = 0; i < objects.length; i++) objects[i].update(tS, CYCLE_S, this.ego, this.road.laneWidthM);
    this.driver.update(tS);
    this.rebindIfDetached();
    this.writeFrame(tS);
    this.hook?.adjustFrame(this.frame);
  }

  /** Second half of a step, once `outputs` holds the ECU's answer: events, actuation, contact. */
  endCycle(): void {
    const tS = this.tS;
    this.hook?.adjustOutputs(this.outputs);
    const bits = this.outputs[O_EVENTS];
    if (bits !== 0) {
      for (const type of decodeEvents(bits)) {
        this.events.push({ tS: +tS.toFixed(2), type });
        this.driver.notice(type, tS);
      }
    }
    this.ego.accelMps2 = actuate(this.ego.accelMps2, this.requestedAccelMps2(tS), this.ego.speedMps, CYCLE_S);
    this.ego.speedMps = Math.max(this.ego.speedMps + this.ego.accelMps2 * CYCLE_S, 0);
    this.ego.xM += this.ego.speedMps * CYCLE_S;
    this.cycle += 1;
    this.detectContact();
  }

}
