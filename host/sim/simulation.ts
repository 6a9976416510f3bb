// One closed-loop drive: road + objects → sensor frame → firmware cycle → driver → plant,
// every 10 ms, with contact detection (relative impact speed) and the event timeline.
import { CYCLE_S, MODES } from '../../abi/signals.js';
import { IN, LAYOUT, OUT } from '../ecu/abi-views.js';
import { decodeEvents } from '../ecu/ecu.js';
import type { Controller } from '../runner/controller.js';
import { DriverModel } from './driver.js';
import { actuate } from './plant.js';
import type { Scenario } from './scenario.js';
import { SensorModel } from './sensor.js';
import { KPH, Road, SimObject, type Ego } from './world.js';

export interface SimEvent { tS: number; type: string }
export interface Contact { tS: number; objectId: string; impactSpeedKph: number }

const MRM = MODES.indexOf('mrm');

export class Simulation {
  readonly frame = new Float64Array(LAYOUT.inputs.slots);
  readonly outputs = new Float64Array(LAYOUT.outputs.slots);
  readonly ego: Ego;
  readonly road: Road;
  readonly objects: SimObject[];
  readonly sensor: SensorModel;
  readonly driver: DriverModel;
  readonly events: SimEvent[] = [];
  cycle = 0;
  contact: Contact | null = null;
  private readonly egoLane: number;
  private readonly engage: boolean;
  private readonly mainSwitch: boolean;

  constructor(readonly scenario: Scenario, public controller: Controller) {
    this.road = new Road(scenario.road);
    this.egoLane = scenario.ego.lane ?? 0;
    const speedMps = scenario.ego.speedKph * KPH;
    this.ego = { xM: 0, yM: this.egoLane * this.road.laneWidthM, speedMps, accelMps2: 0 };
    this.objects = (scenario.objects ?? []).map((o) => new SimObject(o, this.road.laneWidthM, speedMps));
    this.sensor = new SensorModel(scenario.sensors);
    this.driver = new DriverModel(scenario.driver);
    const assist = scenario.ego.assist ?? 'engaged';
    this.engage = assist === 'engaged';
    this.mainSwitch = assist !== 'off';
  }

  get tS(): number { return this.cycle * CYCLE_S; }
  get done(): boolean { return this.contact !== null || this.tS >= this.scenario.durationS - 1e-9; }

  private writeFrame(tS: number): void {
    const f = this.frame;
    const s = this.scenario;
    f[IN.frameCounter] = this.cycle % 65536;
    f[IN.mainSwitch] = this.mainSwitch ? 1 : 0;
    // The driver presses "engage" just after power-up (the ECU first goes off → standby).
    f[IN.engageRequest] = (this.engage && this.cycle >= 5 && this.cycle < 10) || this.driver.engageButton(tS) ? 1 : 0;
    f[IN.cancelRequest] = 0;
    f[IN.egoSpeedMps] = this.ego.speedMps;
    f[IN.egoAccelMps2] = this.ego.accelMps2;
    f[IN.setSpeedMps] = (s.ego.setSpeedKph ?? s.ego.speedKph) * KPH;
    f[IN.timeGapSetS] = s.ego.timeGapS ?? 1.45;
    f[IN.speedLimitMps] = this.road.speedLimitMps(this.ego.xM);
    const curve = this.road.curvatureAhead(this.ego.xM);
    f[IN.curvatureAheadPerM] = curve.perM;
    f[IN.curveDistM] = curve.distM;
    this.sensor.writeObject(f, this.objects, this.ego);
    const zone = this.road.constructionAhead(this.ego.xM, this.egoLane);
    f[IN.zoneValid] = zone ? 1 : 0;
    f[IN.zoneDistM] = zone ? Math.min(zone.distM, 5000) : 0;
    f[IN.zoneEgoLaneClosed] = zone?.egoLaneClosed ? 1 : 0;
    f[IN.oddEndDistM] = this.road.designDomainEndDistM(this.ego.xM);
    f[IN.handsOn] = this.driver.handsOn(tS) ? 1 : 0;
    f[IN.eyesOnRoad] = this.driver.eyesOnRoad(tS) ? 1 : 0;
    f[IN.brakePedal] = this.driver.brakePedal(tS) ? 1 : 0;
    f[IN.accelPedal] = this.driver.accelPedal(tS);
    f[IN.sensorFault] = 0;
    f[IN.crashDetected] = this.contact ? 1 : 0;
    this.sensor.applyFaults(f, tS);
  }

  /** The acceleration requested of the car this cycle: ECU, driver, or both (most braking wins). */
  private requestedAccelMps2(tS: number): number {
    const o = this.outputs;
    const ecuControls = o[OUT.longControlActive] !== 0;
    const ecu = Number.isFinite(o[OUT.accelCmdMps2]) ? o[OUT.accelCmdMps2] : 0;
    if (this.driver.brakePedal(tS)) return ecuControls ? Math.min(ecu, -this.driver.brakeMps2) : -this.driver.brakeMps2;
    if (ecuControls && (o[OUT.assistActive] !== 0 || ecu < 0)) return ecu;
    const pedal = this.driver.accelPedal(tS);
    // A driver without the pilot holds the speed (the Euro NCAP runs drive at constant speed).
    return pedal > 0 ? pedal * 6 : 0;
  }

  private detectContact(): void {
    for (const o of this.objects) {
      const gap = o.gapM(this.ego);
      // Contact: the front bumper reached the object's rear, or it moved into the ego's side.
      if (gap <= 0 && gap > -o.lengthM && o.overlaps(this.ego)) {
        const tS = +this.tS.toFixed(2);
        this.contact = { tS, objectId: o.id, impactSpeedKph: Math.max(this.ego.speedMps - o.speedMps, 0) / KPH };
        this.events.push({ tS, type: 'collision' });
        return;
      }
    }
  }

  step(): void {
    const tS = this.tS;
    for (const o of this.objects) o.update(tS, CYCLE_S, this.ego, this.road.laneWidthM);
    this.driver.update(tS);
    this.writeFrame(tS);
    this.controller.cycle(this.frame, this.outputs, this.cycle);
    const bits = this.outputs[OUT.eventFlags];
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

  get inMrm(): boolean { return this.outputs[OUT.mode] === MRM; }
}
