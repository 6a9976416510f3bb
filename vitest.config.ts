import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // One retry absorbs a one-off stall of a loaded shared runner (a spawned CLI that never
    // answered, once, in CI); a claim that is false fails both runs.
    retry: 1,
  },
});
