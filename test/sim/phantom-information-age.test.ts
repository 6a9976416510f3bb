// A phantom brake is judged on what the ECU could know: braking that starts within the perception's
// information age (latency + the tracker's acceleration time constant) after a real object stopped
// justifying it is not a phantom brake; the same braking any later is one, and braking with nothing
// real in the path always is.
import { describe, expect, it } from 'vitest';
import { PhantomBrakeLog } from '../../host/sim/phantom-brakes.js';
import type { Ego, SimObject } from '../../host/sim/world.js';

const ego = { xM: 0, speedMps: 25.35 } as Ego;
/** Episode 480944 of seed 2030: a lead 93 m ahead ends an 8 m/s² stop-to-58-km/h braking. */
const lead = { speedMps: 16.2, accelMps2: -7.98, gapM: () => 93.2, ttcS: () => 10.2 } as unknown as SimObject;
const INFORMATION_AGE_S = 0.05 + 0.3; // the perception's defaults (docs/perception.md)

/** The lead brakes until 15.77 s; the ECU brakes at 4 m/s² from `onsetS` on. */
function drive(log: PhantomBrakeLog, onsetS: number, inPath: SimObject | null = lead): void {
  for (let c = 1500; c <= 1700; c++) {
    const tS = c / 100;
    lead.accelMps2 = tS <= 15.77 ? -7.98 : 0;
    log.update(tS, tS >= onsetS ? 4 : 0, tS >= onsetS, inPath, ego);
  }
}

describe('phantom brakes are judged on what the perception could report', () => {
  it('braking 0.06 s after the lead ended its hard braking is not a phantom brake', () => {
    const log = new PhantomBrakeLog(INFORMATION_AGE_S);
    drive(log, 15.83);
    expect(log.episodes).toEqual([]);
  });

  it('judged against the world of the same cycle (information age 0), the same braking is one', () => {
    const log = new PhantomBrakeLog(0);
    drive(log, 15.83);
    expect(log.episodes.map((e) => e.tS)).toEqual([15.83]);
  });

  it('braking that starts later than the information age after the braking ended is one', () => {
    const log = new PhantomBrakeLog(INFORMATION_AGE_S);
    drive(log, 15.77 + INFORMATION_AGE_S + 0.02);
    expect(log.episodes).toHaveLength(1);
  });

  it('braking with nothing real in the path (a false return) is one, whatever the information age', () => {
    const log = new PhantomBrakeLog(INFORMATION_AGE_S);
    drive(log, 15.83, null);
    expect(log.episodes).toHaveLength(1);
  });
});
