// The real-time fixed-step runner (host/realtime): structure and counting, not timing.
import { describe, expect, it } from 'vitest';
import { OUT } from '../../host/ecu/abi-views.js';
import { runRealtime, startRealtime } from '../../host/realtime/fixed-step-runner.js';
import { syntheticDrive } from '../../bench/frames.js';

describe('real-time fixed-step runner', () => {
  it('runs 100 Hz for 1 s on absolute deadlines and counts every cycle', async () => {
    const r = await runRealtime({ firmware: '1.1.0', hz: 100, seconds: 1, strategy: 'sleep-spin', frames: syntheticDrive(500), warmupSteps: 2000 });
    expect(r.cycles).toBe(100);
    expect(r.hz).toBe(100);
    expect(r.strategy).toBe('sleep-spin');
    expect(Number.isInteger(r.overruns) && r.overruns >= 0 && r.overruns <= r.cycles).toBe(true);
    for (const j of [r.jitterUs, r.cycleUs]) {
      expect(j.p50).toBeGreaterThanOrEqual(0);
      expect(j.p50).toBeLessThanOrEqual(j.p99);
      expect(j.p99).toBeLessThanOrEqual(j.max);
    }
  });

  it.each(['spin', 'atomics'] as const)('strategy %s runs the requested number of cycles', async (strategy) => {
    const r = await runRealtime({ firmware: '1.1.0', hz: 1000, seconds: 0.2, strategy, warmupSteps: 1000 });
    expect(r.cycles).toBe(200);
  });

  it('publishes live outputs and stops early on request', async () => {
    const h = startRealtime({ firmware: '1.1.0', hz: 100, seconds: 30, strategy: 'atomics', frames: syntheticDrive(500), warmupSteps: 1000 });
    while (h.cyclesDone() < 20) await new Promise((r) => setTimeout(r, 20));
    h.stop();
    const r = await h.result;
    expect(r.cycles).toBeGreaterThanOrEqual(20);
    expect(r.cycles).toBeLessThan(3000);
    expect(Number.isFinite(h.outputs[OUT.accelCmdMps2])).toBe(true);
    expect(h.outputs[OUT.mode]).toBeGreaterThan(0); // past "off": the drive engages
  });

  it('rejects a non-positive rate', () => {
    expect(() => runRealtime({ firmware: '1.1.0', hz: 0, seconds: 1, strategy: 'spin' })).toThrow(RangeError);
  });
});
