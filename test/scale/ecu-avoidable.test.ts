// "The ECU was told in time": a collision the car could have avoided had its ECU braked fully from
// the first frame that reported the object (this car's actuator lag, no further latency) is the
// firmware's; one reported too late for that is the perception's and the brakes'. Judged on
// replayed validation episodes whose timelines are known (docs/validation.md).
import { describe, expect, it } from 'vitest';
import { stopMarginFromReport } from '../../host/validate/avoidability.js';
import { EpisodeRunner } from '../../host/validate/episodes.js';
import { OUT } from '../../host/ecu/abi-views.js';
import { ACTUATOR_LAG_S } from '../../host/sim/plant.js';
import { runScenario } from '../../host/sim/run.js';
import { generateEpisode } from '../../host/validate/traffic.js';

const stoppableFromReport = (r: Parameters<typeof stopMarginFromReport>[0]) => stopMarginFromReport(r) > 0;

describe('stopMarginFromReport: this car braking at 9 m/s² through its actuator lag', () => {
  // Step demand through a first-order lag τ: the stop takes v·τ + v²/(2·9) (plus a few cm of discretisation).
  const distanceM = (closingMps: number) => closingMps * ACTUATOR_LAG_S + (closingMps * closingMps) / 18;
  it.each([
    ['a stopped car at 30 m/s', 30, 0],
    ['a car 10 m/s slower', 30, 20],
  ])('%s: stops with 1 m to spare, not with 1 m too little', (_what, egoMps, objectMps) => {
    const need = distanceM(egoMps - objectMps);
    const report = (gapM: number) => ({ tS: 0, gapM, egoSpeedMps: egoMps, egoAccelMps2: 0, objectSpeedMps: objectMps });
    expect(stoppableFromReport(report(need + 1))).toBe(true);
    expect(stoppableFromReport(report(need - 1))).toBe(false);
  });
  it('a car already braking stops sooner', () => {
    const at = { tS: 0, gapM: 50, egoSpeedMps: 30, objectSpeedMps: 0 };
    expect(stoppableFromReport({ ...at, egoAccelMps2: 0 })).toBe(false);
    expect(stoppableFromReport({ ...at, egoAccelMps2: -9 })).toBe(true);
  });
});

describe('validation episodes of seed 2030, judged on the replay', () => {
  const judge = (firmware: string, index: number) => {
    const t = new EpisodeRunner(firmware).runBatch({ seed: 2030, first: index, count: 1, profile: 'attentive', conditions: 'mixed' });
    expect(t.collisions).toBe(1);
    return t.failed[0];
  };
  it('1.1.0, episode 2388 (cut-out): avoidable by the ideal car, reported too late for this one', () => {
    // In view at 64.8 m (8.96 m/s² after 0.3 s); the stopped car needs 0.3 s of camera confirmation
    // and 50 ms of latency: first reported 58.2 m away, where this car needs ≈ 61.5 m.
    expect(judge('1.1.0', 2388)).toMatchObject({ avoidable: true, ecuAvoidable: false });
  });
  it('1.1.0, episode 15455 (debris): the ECU was told in time and still hit (the firmware\'s share)', () => {
    // The cone was reported, unclassified, from 80 m for 0.64 s; 1.1.0 only eased off, then a false
    // return ahead took the report and the cone came back at 27 m.
    expect(judge('1.1.0', 15455)).toMatchObject({ avoidable: true, ecuAvoidable: true });
  });
  it('1.1.0, episode 1462 (cut-out): told in time by 0.5 m; full braking comes three cycles after the first report', () => {
    // The stopped car appears beside the leaving lead at the lead's gap with a 20 m/s step in the
    // relative speed. The firmware's one-frame-lie defences cost three cycles: the plausibility check
    // takes a step of the same object's relative speed for a spike and accepts it a frame later, and
    // emergency braking is demanded at once only from its second cycle (ramped at 50 m/s³ before).
    const f = judge('1.1.0', 1462);
    expect(f).toMatchObject({ avoidable: false, ecuAvoidable: true });
    expect(f.ecuMarginM).toBeGreaterThan(0);
    expect(f.ecuMarginM).toBeLessThan(1);
    const ep = generateEpisode(2030, 1462, 'attentive', 'mixed');
    const stopped = ep.scenario.objects!.findIndex((o) => o.id === 'stopped-car');
    const demands: number[] = [];
    runScenario(ep.scenario, { firmware: '1.1.0', onCycle: (sim) => { if (sim.sensor.reportedObjectIndex === stopped || demands.length > 0) demands.push(sim.outputs[OUT.accelCmdMps2]); } });
    expect(demands[0]).toBeGreaterThan(-0.1); // the spike check: nothing yet
    expect(demands.slice(1, 3)).toEqual([-0.5, -1].map((d) => expect.closeTo(d, 1))); // the ramp
    expect(demands[3]).toBe(-9);
  });
  // Why the wait stays: in episode 2960 a false return shows for exactly two frames at the truck's
  // gap (56 m), closing at 33 m/s. Demanding full braking once two frames agree (tried: 26 of the
  // 51 collisions above avoided over 250,000 km) braked there at 9 m/s². With the wait the demand
  // only starts its ramp; and since the truck, back in the third frame, threatens nothing, the
  // braking is not held (it was held at UN R152's 5 m/s² for about a second, until the speeds
  // matched: a latch on an object that was no longer there).
  it('1.1.0, episode 2960: a false return for two frames at the lead\'s gap neither steps the brakes to full nor latches them', () => {
    const ep = generateEpisode(2030, 2960, 'attentive', 'mixed');
    let minDemand = 0, aebCycles = 0;
    const r = runScenario(ep.scenario, { firmware: '1.1.0', onCycle: (sim) => {
      if (sim.tS > 1.6 && sim.tS < 3) { minDemand = Math.min(minDemand, sim.outputs[OUT.accelCmdMps2]); aebCycles += sim.outputs[OUT.aebActive]; }
    } });
    expect(r.collision).toBe(false);
    expect(minDemand).toBeLessThan(-1); // it did see the return (the ramp ran)
    expect(minDemand).toBeGreaterThan(-2); // never braking a driver notices (phantom-brake threshold): no latch at 5 m/s²
    expect(aebCycles).toBeLessThanOrEqual(2); // emergency braking for the return's frames, not held on the truck
  });
  it('1.0.0, episode 2 (stopped vehicle): the recalled release was told in time', () => {
    expect(judge('1.0.0', 2)).toMatchObject({ hazard: 'stoppedVehicle', avoidable: true, ecuAvoidable: true });
  });
});
