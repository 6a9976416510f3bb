// The 2025-03-29 accident, re-enacted (issue 7 item 4; domain.md §1): pilot at a steady 116 km/h,
// a warning, the driver takes over about 1 s later, impact at about 97 km/h about 2 s after the
// warning. The figures come from 1.0.0's behaviour (it acts on the closure only inside its short
// stationary trust range, brakes road-works objects partially, hands braking to the driver at the
// takeover) and the generic driver model (brakes at Euro NCAP's 4 m/s² after 1.0 s), not from a
// scenario-specific branch. 1.1.0 on the same road: no contact.
import { describe, expect, it } from 'vitest';
import { OUT } from '../../host/ecu/abi-views.js';
import { Ecu } from '../../host/ecu/ecu.js';
import { EcuController } from '../../host/runner/controller.js';
import { runScenario } from '../../host/sim/run.js';
import { Simulation } from '../../host/sim/simulation.js';
import { firstEvent, shipped } from '../helpers.js';

const [road] = shipped('recall-accident-116kph.json');

describe('recall-accident-116kph on 1.0.0 matches the public accounts', () => {
  const r = runScenario(road, { firmware: '1.0.0' });
  const warning = Math.min(firstEvent(r, 'fcw') ?? Infinity, firstEvent(r, 'takeoverRequest') ?? Infinity);
  it('starts at a steady 116 km/h with the pilot engaged', () => {
    expect(road.ego.speedKph).toBe(116);
    expect(firstEvent(r, 'engaged')).not.toBeNull();
  });
  it('impact at 97 ± 5 km/h', () => {
    expect(r.collision).toBe(true);
    expect(r.impactSpeedKph!).toBeGreaterThanOrEqual(92);
    expect(r.impactSpeedKph!).toBeLessThanOrEqual(102);
  });
  it('warning → takeover 1.0 ± 0.2 s', () => {
    expect(firstEvent(r, 'driverTakeover')! - warning).toBeGreaterThanOrEqual(0.8);
    expect(firstEvent(r, 'driverTakeover')! - warning).toBeLessThanOrEqual(1.2);
  });
  it('warning → impact 2.0 ± 0.3 s', () => {
    expect(firstEvent(r, 'collision')! - warning).toBeGreaterThanOrEqual(1.7);
    expect(firstEvent(r, 'collision')! - warning).toBeLessThanOrEqual(2.3);
  });
});

describe('explained by 1.0.0 behaviour', () => {
  /** Per cycle: the ECU's command and whether it commands the car, after the takeover. */
  function commandsAfterTakeover(firmware: string) {
    const sim = new Simulation(road, new EcuController(Ecu.load(firmware)));
    const before: number[] = [], after: number[] = [];
    while (!sim.done) {
      sim.step();
      const tookOver = sim.events.some((e) => e.type === 'driverTakeover');
      const warned = sim.events.some((e) => e.type === 'fcw');
      const cmd = sim.outputs[OUT.longControlActive] !== 0 ? sim.outputs[OUT.accelCmdMps2] : 0;
      if (warned && !tookOver) before.push(cmd);
      if (tookOver) after.push(cmd);
    }
    return { before, after };
  }
  it('1.0.0 brakes the road-works closure only partially (no emergency braking) and lets go when the driver takes over', () => {
    const { before, after } = commandsAfterTakeover('1.0.0');
    expect(before.length).toBeGreaterThan(0);
    expect(Math.min(...before)).toBeGreaterThanOrEqual(-3.5 - 1e-9); // the ACC's high-speed ceiling: no emergency braking
    expect(after.every((c) => c === 0)).toBe(true);
  });
  it('1.1.0 on the same road: no contact, and its braking continues through the takeover', () => {
    const r = runScenario(road, { firmware: '1.1.0' });
    expect(r.collision).toBe(false);
    const { after } = commandsAfterTakeover('1.1.0');
    expect(Math.min(...after)).toBeLessThan(-5); // emergency braking on top of the driver's pedal
  });
});
