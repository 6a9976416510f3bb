// Event data recorder: ≥ 30 s of key signals, frozen on the first warning/braking/takeover/
// MRM/fault/crash after a post-trigger window, readable by the host, cleared on request.
import { describe, expect, it } from 'vitest';
import { RECORDER } from '../abi/signals.js';
import { IN } from '../host/ecu/abi-views.js';
import { engagedEcu } from './helpers.js';

const SAMPLE_S = RECORDER.decimation * 0.01;

describe('event data recorder', () => {
  it('holds at least the last 30 s', () => {
    const { ecu, cycle } = engagedEcu('1.1.0', 25);
    cycle(6000);
    const dump = ecu.readRecorder();
    expect(dump.frozen).toBe(false);
    const spanS = (dump.samples.at(-1)![0] - dump.samples[0][0]) * 0.01;
    expect(spanS).toBeGreaterThanOrEqual(30);
    expect(dump.samples.length * SAMPLE_S).toBeGreaterThanOrEqual(30);
  });

  it('freezes after a forward-collision warning and keeps the seconds before it', () => {
    const { ecu, cycle } = engagedEcu('1.1.0', 25);
    cycle(2000);
    const i = ecu.inputs;
    i[IN.leadValid] = 1;
    i[IN.leadKind] = 1;
    i[IN.leadDistM] = 30;
    i[IN.leadRelSpeedMps] = -15; // TTC 2 s
    cycle(1);
    i[IN.leadValid] = 0;
    cycle(3000);
    const dump = ecu.readRecorder();
    expect(dump.frozen).toBe(true);
    expect(dump.triggerEvents).toContain('fcw');
    const trigger = dump.triggerCycle!;
    const first = dump.samples[0][0];
    const last = dump.samples.at(-1)![0];
    expect((trigger - first) * 0.01).toBeGreaterThanOrEqual(20 - SAMPLE_S); // the lead-up is kept
    expect((last - trigger) * 0.01).toBeGreaterThanOrEqual(RECORDER.postTriggerS - SAMPLE_S);
    expect(last).toBeLessThan(trigger + 3000); // not overwritten by what came after
    ecu.clearRecorder();
    cycle(10);
    expect(ecu.readRecorder().frozen).toBe(false);
  });

  it('freezes on a crash signal', () => {
    const { ecu, cycle } = engagedEcu('1.1.0', 25);
    cycle(100);
    ecu.inputs[IN.crashDetected] = 1;
    cycle(1000);
    expect(ecu.readRecorder().frozen).toBe(true);
  });
});
