// Live swap while the loop runs: ≥ 1,000 swaps between two versions at cycle boundaries.
// The promise (issue 3): no missed cycle, outputs bit-identical to the new version started
// from the same state on the same frames, and a swap cycle no slower than a steady cycle.
import { describe, expect, it } from 'vitest';
import { hpa, must } from './fixture.js';

describe('A/B hot swap in the control loop', () => {
  it('1,000 swaps 1.0.0 ⇄ 1.1.0: 0 missed cycles, bit-identical outputs, swap cycle within the steady p99', async () => {
    const r = await must(hpa(['ota', 'swap-bench', '--from', '1.0.0', '--to', '1.1.0', '--swaps', '1000', '--segment', '50', '--json']));
    const b = r.json;
    expect(b.swaps).toBe(1000);
    expect(b.missedCycles).toBe(0);
    expect(b.fallbackCycles).toBe(0);
    expect(b.badOutputCycles).toBe(0);
    expect(b.comparedCycles).toBe(50_000);
    expect(b.mismatchedCycles).toBe(0);
    expect(b.bitIdentical).toBe(true);
    // The median swap cycle against the steady p99; noise = the steady cycles' own p50→p99 spread
    // (or the timer's overhead, if larger) — a difference below that cannot be told from jitter.
    const noiseUs = Math.max(b.timerOverheadUs, b.steady.p99Us - b.steady.p50Us);
    expect(b.swapCycle.p50Us).toBeLessThanOrEqual(b.steady.p99Us + noiseUs);
    expect(b.swapCycle.maxUs).toBeLessThan(b.cycleBudgetUs);
  });
});

describe('the recall, live (hpa ota demo)', () => {
  it('1.1.0 arrives on the way to the closure, is swapped in and confirmed: no contact; a tampered copy is refused and that car stays on 1.0.0', async () => {
    const r = await must(hpa(['ota', 'demo', '--json']));
    expect(r.json.holds).toBe(true);
    expect(r.json.genuine).toMatchObject({ outcome: 'confirmed', versionAtEnd: '1.1.0', collision: false });
    expect(r.json.tampered).toMatchObject({ outcome: 'refused', refusal: 'hash-mismatch', versionAtEnd: '1.0.0' });
  });
});
