// Driver monitoring to the GB combined-driver-assistance draft / UN R171 (domain.md §2), above 10 km/h:
// HOR ≤ 5 s after hands-off (≤ 10 s with gaze on the road throughout), escalation ≤ 10 s later,
// MRM ≤ 10 s later at ≤ 4 m/s² to standstill with hazard lights; eyes-off request 5 s, escalation
// 3 s, take control now 5 s, MRM 10 s; gaze back < 200 ms does not count; lockout after an MRM.
import { describe, expect, it } from 'vitest';
import { IN, OUT } from '../host/ecu/abi-views.js';
import { firstEvent, engagedEcu, run, shipped } from './helpers.js';

const HANDS_OFF_AT_S = 2;
const EYES_OFF_AT_S = 2;

describe('hands-off chain (GB hand-off test at 60 km/h)', () => {
  const [s] = shipped('dms-hands-off.json');
  const r = run(s, '1.1.0');
  const hor = firstEvent(r, 'hor')!;
  const esc = firstEvent(r, 'horEscalated')!;
  const mrm = firstEvent(r, 'mrm')!;
  it('HOR at the latest 5.0 s after the hands leave', () => expect(hor - HANDS_OFF_AT_S).toBeLessThanOrEqual(5.0));
  it('escalation at the latest 10 s after the HOR', () => expect(esc - hor).toBeLessThanOrEqual(10.0));
  it('MRM at the latest 10 s after the escalation', () => expect(mrm - esc).toBeLessThanOrEqual(10.0));
  it('MRM decelerates at ≤ 4 m/s² to standstill and holds', () => {
    expect(r.maxDecelMps2).toBeLessThanOrEqual(4.0);
    expect(firstEvent(r, 'standstill')).not.toBeNull();
    expect(r.finalSpeedKph).toBe(0);
    expect(r.finalMode).toBe('mrm');
  });
  it('no collision', () => expect(r.collision).toBe(false));
});

describe('hazard lights and warnings during the MRM', () => {
  it('hazards on and the request kept up while holding at standstill', () => {
    const { ecu, cycle } = engagedEcu('1.1.0', 60 / 3.6);
    ecu.inputs[IN.handsOn] = 0;
    ecu.inputs[IN.eyesOnRoad] = 0;
    cycle(3100); // 31 s: past request (5) + escalation (10) + MRM (10)
    expect(ecu.outputs[OUT.mode]).toBe(5); // mrm
    expect(ecu.outputs[OUT.takeoverRequest]).toBe(0); // reached through the hands-off chain, not a takeover request
    expect(ecu.outputs[OUT.hazardLights]).toBe(1);
    expect(ecu.outputs[OUT.horLevel]).toBeGreaterThanOrEqual(2);
    expect(ecu.outputs[OUT.accelCmdMps2]).toBeGreaterThanOrEqual(-4.0);
    expect(ecu.outputs[OUT.accelCmdMps2]).toBeLessThan(0);
  });
});

describe('hands off with the gaze on the road throughout', () => {
  it('HOR at the latest 10.0 s after the hands leave', () => {
    const r = run(shipped('dms-hands-off-eyes-on.json')[0], '1.1.0');
    expect(firstEvent(r, 'hor')! - HANDS_OFF_AT_S).toBeLessThanOrEqual(10.0);
  });
  it('but at the latest 5 s once the gaze leaves after 5 s of hands-off', () => {
    const { ecu, cycle } = engagedEcu('1.1.0');
    ecu.inputs[IN.handsOn] = 0;
    cycle(600); // 6 s hands off, eyes on: no request yet
    expect(ecu.outputs[OUT.horLevel]).toBe(0);
    expect(ecu.outputs[OUT.assistActive]).toBe(1);
    ecu.inputs[IN.eyesOnRoad] = 0;
    cycle(1);
    expect(ecu.outputs[OUT.horLevel]).toBe(1);
  });
});

describe('HOR answered', () => {
  it('hands back on clears the request: no escalation, no MRM', () => {
    const r = run(shipped('dms-hands-off-answered.json')[0], '1.1.0');
    expect(firstEvent(r, 'hor')).not.toBeNull();
    expect(firstEvent(r, 'horEscalated')).toBeNull();
    expect(firstEvent(r, 'mrm')).toBeNull();
    expect(r.assistActiveAtEnd).toBe(true);
  });
});

describe('eyes-off chain', () => {
  const r = run(shipped('dms-eyes-off.json')[0], '1.1.0');
  const req = firstEvent(r, 'eyesOffWarning')!;
  const esc = firstEvent(r, 'eyesOffEscalated')!;
  const now = firstEvent(r, 'takeControlNow')!;
  const mrm = firstEvent(r, 'mrm')!;
  it('request at the latest 5 s after the gaze leaves', () => expect(req - EYES_OFF_AT_S).toBeLessThanOrEqual(5.0));
  it('escalation 3 s later', () => expect(esc - req).toBeLessThanOrEqual(3.0));
  it('take control now 5 s after that', () => expect(now - esc).toBeLessThanOrEqual(5.0));
  it('MRM at the latest 10 s after that, ≤ 4 m/s²', () => {
    expect(mrm - now).toBeLessThanOrEqual(10.0);
    expect(r.maxDecelMps2).toBeLessThanOrEqual(4.0);
  });
});

describe('200 ms gaze rule', () => {
  it('a glance back shorter than 200 ms does not reset the chain', () => {
    const r = run(shipped('dms-glance-too-short.json')[0], '1.1.0');
    expect(firstEvent(r, 'eyesOffWarning')! - EYES_OFF_AT_S).toBeLessThanOrEqual(5.0);
  });
  it('a gaze back for 200 ms does reset it', () => {
    const { ecu, cycle } = engagedEcu('1.1.0');
    ecu.inputs[IN.eyesOnRoad] = 0;
    cycle(400); // 4 s away
    ecu.inputs[IN.eyesOnRoad] = 1;
    cycle(20); // 200 ms back
    ecu.inputs[IN.eyesOnRoad] = 0;
    cycle(400); // 4 s away again: under 5 s since the reset
    expect(ecu.outputs[OUT.eyesOffLevel]).toBe(0);
  });
});

describe('below 10 km/h', () => {
  it('no hands-on request however long the hands are off', () => {
    const { ecu, cycle } = engagedEcu('1.1.0', 2);
    ecu.inputs[IN.handsOn] = 0;
    ecu.inputs[IN.eyesOnRoad] = 0;
    cycle(2000);
    expect(ecu.outputs[OUT.horLevel]).toBe(0);
  });
});

describe('lockout (GB draft: ≥ 30 min after an MRM)', () => {
  it('the driver takes over from the MRM; re-engaging is refused', () => {
    const r = run(shipped('dms-mrm-lockout.json')[0], '1.1.0');
    expect(firstEvent(r, 'mrm')).not.toBeNull();
    expect(firstEvent(r, 'driverTakeover')).not.toBeNull();
    expect(firstEvent(r, 'lockout')).not.toBeNull();
    expect(r.events.filter((e) => e.type === 'engaged')).toHaveLength(1);
    expect(r.finalMode).toBe('lockout');
  });
  it('lasts at least 30 minutes', () => {
    const { ecu, cycle } = engagedEcu('1.1.0', 60 / 3.6);
    ecu.inputs[IN.handsOn] = 0;
    ecu.inputs[IN.eyesOnRoad] = 0;
    cycle(3100);
    ecu.inputs[IN.brakePedal] = 1;
    cycle(1);
    ecu.inputs[IN.brakePedal] = 0;
    ecu.inputs[IN.handsOn] = 1;
    ecu.inputs[IN.eyesOnRoad] = 1;
    expect(ecu.outputs[OUT.lockedOut]).toBe(1);
    const press = () => { ecu.inputs[IN.engageRequest] = 1; cycle(1); ecu.inputs[IN.engageRequest] = 0; cycle(1); };
    cycle(29 * 60 * 100); // 29 min later
    press();
    expect(ecu.outputs[OUT.assistActive]).toBe(0);
    cycle(2 * 60 * 100); // past 30 min from the MRM
    press();
    expect(ecu.outputs[OUT.assistActive]).toBe(1);
  });
});
