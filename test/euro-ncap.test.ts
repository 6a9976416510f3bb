// Euro NCAP AEB Car-to-Car (v4.3.1 and 2026), GB cut-in / cut-out, openpilot maneuvers:
// no contact on 1.1.0 with the pilot engaged; warning ≥ 0.8 s before emergency braking (UN R152).
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../host/sim/run.js';
import { run, shipped } from './helpers.js';

/** UN R152: the warning comes at least 0.8 s before emergency braking starts. */
function expectWarningBeforeEmergencyBraking(r: RunResult) {
  for (const aeb of r.events.filter((e) => e.type === 'aeb')) {
    const warning = r.events.filter((e) => e.type === 'fcw' && e.tS <= aeb.tS).at(-1);
    expect(warning, `fcw before aeb at ${aeb.tS} s`).toBeDefined();
    expect(aeb.tS - warning!.tS).toBeGreaterThanOrEqual(0.8 - 1e-9);
  }
}

const grids: [string, string, number][] = [
  // file, what, number of grid points the protocol defines
  ['euro-ncap-ccrs.json', 'CCRs stationary target 10–80 km/h in 5 km/h steps', 15],
  ['euro-ncap-ccrm.json', 'CCRm target 20 km/h, ego 30–80 km/h; 2026: 90–130 km/h, target 60 km/h slower', 16],
  ['euro-ncap-ccrb.json', 'CCRb 50/50 km/h, 12 or 40 m, −2 or −6 m/s²', 4],
  ['euro-ncap-2026-ccrb.json', 'CCRb 2026 equal speeds 30–130 km/h, 1 s headway, −4 m/s²', 11],
  ['gb-cut-in.json', 'GB cut-in', 4],
  ['gb-cut-out.json', 'GB cut-out revealing a stationary car', 1],
  ['openpilot-stopped-car.json', 'openpilot stopped car from 25 m/s at 120 m and 20 m/s at 90 m', 2],
  ['openpilot-stopped-car-appears.json', 'openpilot stopped car appearing at 2 s', 1],
  ['openpilot-lead-braking.json', 'openpilot lead braking to 0 at 1, 2, 3 m/s²', 3],
  ['openpilot-cut-in.json', 'openpilot slower car cutting in', 1],
];

for (const [file, what, points] of grids) {
  describe(what, () => {
    const variants = shipped(file);
    it(`has the protocol's ${points} grid points`, () => expect(variants).toHaveLength(points));
    it.each(variants.map((v) => [v.name, v]))('%s: no contact on 1.1.0, warning ≥ 0.8 s before emergency braking', (_n, s) => {
      const r = run(s, '1.1.0');
      expect(r.collision).toBe(false);
      // openpilot's maneuvers count a gap below 0.4 m as a crash.
      if (file.startsWith('openpilot')) expect(r.minGapM!).toBeGreaterThanOrEqual(0.4);
      expect(r.events[0]).toEqual({ tS: 0.05, type: 'engaged' });
      expectWarningBeforeEmergencyBraking(r);
    });
  });
}

describe('CCRs placement', () => {
  it('starts each run at TTC 4 s', () => {
    for (const s of shipped('euro-ncap-ccrs.json')) {
      const r = run({ ...s, durationS: 0.01 }, '1.1.0');
      expect(r.minTtcS!).toBeCloseTo(4, 1);
    }
  });
});
