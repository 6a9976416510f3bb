import { defineConfig } from 'vitest/config';
import { LongFirstSequencer } from './test/sequencer';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Two files at a time on the 2-core runner (vitest's default is cores − 1 = 1): most files wait
    // on spawned `hpa` processes or on wall-clock loops, so one file alone leaves a core idle.
    maxWorkers: 2,
    sequence: { sequencer: LongFirstSequencer },
    // A scratch folder for fixtures built once per run and copied per file (test/ota/fixture.ts).
    globalSetup: ['test/global-setup.ts'],
    // One retry absorbs a one-off stall of a loaded shared runner (a spawned CLI that never
    // answered, once, in CI); a claim that is false fails both runs.
    retry: 1,
  },
});
