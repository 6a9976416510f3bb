// Speed control: steady following gap (openpilot: T·v + 6 m within 10 %) and the ISO 15622
// comfort limits outside warnings and emergencies (accel ≤ 2 m/s² above 20 m/s, decel ≤ 3.5 m/s²
// over 2 s, jerk ≤ 2.5 m/s³ at high speed), judged by the standard's numbers, not the calibration.
import { describe, expect, it } from 'vitest';
import { IN, OUT } from '../host/ecu/abi-views.js';
import { engagedEcu, run, shipped } from './helpers.js';

describe('steady following', () => {
  it.each(shipped('steady-following.json').map((v) => [v.name, v]))('%s: gap within 10 % of T·v + 6 m, ISO limits hold', (_n, s) => {
    const r = run(s, '1.1.0');
    expect(r.collision).toBe(false);
    expect(r.steadyGapMaxError).not.toBeNull();
    expect(r.steadyGapMaxError!).toBeLessThanOrEqual(0.1);
    expect(r.accLimitViolations).toEqual([]);
  });
});

describe('ISO 15622 limits outside emergencies across the library', () => {
  it.each(['openpilot-cut-in.json', 'openpilot-lead-braking.json', 'euro-ncap-ccrm.json', 'steady-following.json'])('%s', (file) => {
    for (const s of shipped(file)) expect(run(s, '1.1.0').accLimitViolations, s.name).toEqual([]);
  });
});

describe('time gap', () => {
  function followAt(gapS: number, selectedS: number): number {
    const { ecu, cycle } = engagedEcu('1.1.0', 25);
    ecu.inputs[IN.timeGapSetS] = selectedS;
    ecu.inputs[IN.leadValid] = 1;
    ecu.inputs[IN.leadKind] = 1;
    ecu.inputs[IN.leadDistM] = gapS * 25 + 6;
    ecu.inputs[IN.leadRelSpeedMps] = 0;
    cycle(100);
    return ecu.outputs[OUT.accelCmdMps2];
  }
  it('holds speed at the selected gap and backs off when closer (ISO 15622 minimum 0.8 s)', () => {
    expect(Math.abs(followAt(0.8, 0.8))).toBeLessThan(0.05);
    expect(followAt(0.6, 0.8)).toBeLessThan(-0.1);
    expect(followAt(1.2, 1.45)).toBeLessThan(-0.1);
  });
});
