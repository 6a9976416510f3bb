// The sensor-noise generator: seeded, and a standard normal (so noise levels in scenarios mean what they say).
import { describe, expect, it } from 'vitest';
import { Random } from '../host/sim/random.js';

describe('seeded noise', () => {
  it('is a standard normal: mean 0, σ 1, 68.3 % within 1 σ, 95.4 % within 2 σ', () => {
    const r = new Random(11);
    const n = 200_000;
    let sum = 0, sq = 0, in1 = 0, in2 = 0;
    for (let i = 0; i < n; i++) {
      const z = r.gaussian();
      sum += z; sq += z * z;
      if (Math.abs(z) < 1) in1++;
      if (Math.abs(z) < 2) in2++;
    }
    expect(Math.abs(sum / n)).toBeLessThan(0.01);
    expect(Math.sqrt(sq / n)).toBeCloseTo(1, 2);
    expect(in1 / n).toBeCloseTo(0.6827, 2);
    expect(in2 / n).toBeCloseTo(0.9545, 2);
  });
  it('repeats exactly for a seed and differs between seeds', () => {
    const draw = (seed: number) => { const r = new Random(seed); return Array.from({ length: 50 }, () => r.gaussian()); };
    expect(draw(5)).toEqual(draw(5));
    expect(draw(5)).not.toEqual(draw(6));
  });
});
