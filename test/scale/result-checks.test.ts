// Results read back from Redis or a journal are checked per job kind before they are aggregated
// (host/jobs/result-checks.ts): shapes, and that a result belongs to its job.
import { describe, expect, it } from 'vitest';
import { resultProblem } from '../../host/jobs/result-checks.js';
import type { JobSpec } from '../../host/jobs/types.js';

const SHA = 'a'.repeat(64);

describe('result checks per job kind', () => {
  const campaign: JobSpec = { id: 'campaign:x', kind: 'campaign-trials', payload: { seed: 5, trials: [1, 2, 0, 7, 8, 0] } };
  const shard = { currentSha256: SHA, recallSha256: SHA, seed: 5, outcomes: [0, 3] };

  it('campaign trials: outcome codes in range, one per trial, the job\'s seed', () => {
    expect(resultProblem(campaign, shard)).toBeNull();
    expect(resultProblem(campaign, { ...shard, outcomes: [0, 99] })).toMatch(/^outcomes\.1: must be <= 8/);
    expect(resultProblem(campaign, { ...shard, outcomes: [0, 0, 0] })).toMatch(/3 outcomes for 2 trials/);
    expect(resultProblem(campaign, { ...shard, seed: 6 })).toMatch(/seed 6, not 5/);
  });

  it('sweep points and test runs: the fields their reports read', () => {
    const metrics = { collision: false, impactSpeedKph: null, minGapM: 4, minTtcS: 2, maxDecelMps2: 3, finalSpeedKph: 0, firstFcwS: null, firstAebS: null, brakingOnsetS: null, steadyGapMaxError: null, passed: true, reasons: [] };
    const point: JobSpec = { id: 'sweep:x', kind: 'sweep-point', payload: {} };
    expect(resultProblem(point, { firmwareSha256: SHA, metrics })).toBeNull();
    expect(resultProblem(point, { firmwareSha256: SHA, metrics: { ...metrics, collision: 'no' } })).toMatch(/^metrics\.collision: must be boolean/);
    const run: JobSpec = { id: 'test:x', kind: 'test-run', payload: {} };
    const ok = { firmwareSha256: SHA, passed: true, reasons: [], timeS: 1, result: { collision: false, events: [{ tS: 0.1, type: 'engaged' }] } };
    expect(resultProblem(run, ok)).toBeNull();
    expect(resultProblem(run, { ...ok, result: { collision: false } })).toMatch(/^result: must have required property 'events'/);
    expect(resultProblem(run, { ...ok, firmwareSha256: 'x' })).toMatch(/^firmwareSha256: must match pattern/);
  });
});
