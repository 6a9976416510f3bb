// File order for `vitest run`: the files that take longest start first, so on a 2-core runner no
// long file is left running alone at the end (a fresh clone has no timing cache, and vitest would
// order by file size). The rest keep vitest's own order (cached durations, else file size).
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** Longest first (seconds of one whole-suite run on the 2-core VM, in brackets). */
export const LONG_FIRST = [
  'test/ota/kill.test.ts', // 100 kill rounds of real processes
  'test/ota/realtime-swap.test.ts', // wall-clock runs (1 kHz and 100 Hz)
  'test/bench/bench-cli.test.ts', // every bench section in a child
  'test/hil/lockstep-library.test.ts', // the library over UDP and in process
  'test/xosc/sweep.test.ts',
  'test/safety/feature-matrix.test.ts', // six firmware variants compiled
  'test/fmu/fmu.test.ts',
  'test/ota/trial-envelope.test.ts',
  'test/workbench/defects.test.ts',
  'test/xosc/cli-ncap.test.ts',
];

export class LongFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (f: TestSpecification) => {
      const i = LONG_FIRST.findIndex((p) => f.moduleId.endsWith(p));
      return i < 0 ? LONG_FIRST.length : i;
    };
    const sorted = await super.sort(files);
    return sorted.map((f, i) => ({ f, i })).sort((a, b) => rank(a.f) - rank(b.f) || a.i - b.i).map(({ f }) => f);
  }
}
