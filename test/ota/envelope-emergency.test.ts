// The trial envelope lets an emergency demand step (1.1.0 aebDirectDemand: the brake actuator sets
// its own rise) only while emergency braking is on *and* an object ahead closes inside the FCW
// horizon (enhanced TTC: its own braking counted); any other step to hard braking — a phantom slam, or a step without emergency braking
// declared — is still an actuator-rate fault.
import { describe, expect, it } from 'vitest';
import { IN, OUT } from '../../host/ecu/abi-views.js';
import { EnvelopeMonitor } from '../../host/ota/swap/envelope.js';

const size = (slots: Record<string, number>) => Math.max(...Object.values(slots)) + 1;

type Lead = { distM: number; relSpeedMps: number; accelMps2?: number };

function cycle(m: EnvelopeMonitor, cmdMps2: number, aeb: boolean, lead: Lead | null) {
  const frame = new Float64Array(size(IN));
  const outputs = new Float64Array(size(OUT));
  if (lead) { frame[IN.leadValid] = 1; frame[IN.leadDistM] = lead.distM; frame[IN.leadRelSpeedMps] = lead.relSpeedMps; frame[IN.leadAccelMps2] = lead.accelMps2 ?? 0; }
  outputs[OUT.accelCmdMps2] = cmdMps2;
  outputs[OUT.longControlActive] = 1;
  outputs[OUT.aebActive] = aeb ? 1 : 0;
  return m.check(frame, outputs);
}

/** One cruising cycle, then a step from 0 to −9 m/s². */
function stepTo9(aeb: boolean, lead: Lead | null) {
  const m = new EnvelopeMonitor();
  expect(cycle(m, 0, false, lead)).toBeNull();
  return cycle(m, -9, aeb, lead);
}

describe('an emergency demand in the trial envelope', () => {
  const stoppedCarAhead = { distM: 40, relSpeedMps: -30 }; // TTC 1.3 s

  it('may step to −9 m/s² with emergency braking on and a car closing ahead', () => {
    expect(stepTo9(true, stoppedCarAhead)).toBeNull();
  });

  it('a step with emergency braking on but nothing ahead is an actuator-rate fault (a phantom slam)', () => {
    expect(stepTo9(true, null)).toMatchObject({ fault: 'actuator-rate' });
  });

  it('a step with emergency braking on and the object ahead outside the 5 s horizon is one', () => {
    expect(stepTo9(true, { distM: 200, relSpeedMps: -30 })).toMatchObject({ fault: 'actuator-rate' });
  });

  // Enhanced TTC (Euro NCAP): the car's own braking counts. 20 m ahead closing at 2 m/s is 10 s
  // away while it cruises, 2 s away while it brakes at 8 m/s².
  it('may step for a car braking hard close ahead (enhanced TTC 2 s), not for the same car cruising (10 s)', () => {
    expect(stepTo9(true, { distM: 20, relSpeedMps: -2, accelMps2: -8 })).toBeNull();
    expect(stepTo9(true, { distM: 20, relSpeedMps: -2 })).toMatchObject({ fault: 'actuator-rate' });
  });

  it('a faulty lead acceleration in the frame (NaN, beyond ±15 m/s²) does not widen the exemption', () => {
    for (const accelMps2 of [NaN, -1e9, -Infinity]) expect(stepTo9(true, { distM: 20, relSpeedMps: -2, accelMps2 })).toMatchObject({ fault: 'actuator-rate' });
  });

  it('a step without emergency braking declared is one, car ahead or not', () => {
    expect(stepTo9(false, stoppedCarAhead)).toMatchObject({ fault: 'actuator-rate' });
  });

  // An object first seen inside the horizon: ISO 15622 lets the throttle come off at 2.5 m/s³ at
  // speed, so a throttle falling that fast is being released; one held (or falling slower) is a fault.
  it('a throttle coming off at the ISO jerk as a stationary object appears at TTC 4.9 s is not a fault; held, it is', () => {
    const ghost = { distM: 147, relSpeedMps: -30 };
    const releasing = new EnvelopeMonitor();
    expect(cycle(releasing, 0.71, false, null)).toBeNull();
    expect(cycle(releasing, 0.686, false, ghost)).toBeNull(); // 2.4 m/s³, the firmware's jerk ceiling
    const held = new EnvelopeMonitor();
    expect(cycle(held, 0.71, false, null)).toBeNull();
    expect(cycle(held, 0.71, false, ghost)).toMatchObject({ fault: 'throttle-into-obstacle' });
    const slow = new EnvelopeMonitor();
    expect(cycle(slow, 0.71, false, null)).toBeNull();
    expect(cycle(slow, 0.70, false, ghost)).toMatchObject({ fault: 'throttle-into-obstacle' }); // 1 m/s³
  });
});
