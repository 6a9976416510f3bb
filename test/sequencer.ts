// File order for `vitest run`: the files that take longest start first, so on a 2-core runner no
// long file is left running alone at the end (a fresh clone has no timing cache, and vitest would
// order by file size). The rest keep vitest's own order (cached durations, else file size).
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** Longest first (from a whole-suite run on the 2-core VM: wall clock of the file, its CPU). */
export const LONG_FIRST = [
  'test/ota/kill.test.ts', // 100 kill rounds of real processes
  'test/bench/bench-cli.test.ts', // every bench section, each in a child
  'test/hil/lockstep-library.test.ts', // the library over UDP and in process
  'test/ota/trial-envelope.test.ts', // three faulty builds, the gate on each
  'test/ota/realtime-swap.test.ts', // 14 s wall-clock runs
  'test/ota/rollback.test.ts',
  'test/workbench/defects.test.ts',
  'test/ota/rotation.test.ts',
  'test/cli.test.ts',
  'test/ota/attacks.test.ts',
  'test/ota/attack-lock.test.ts',
  'test/ota/attack-freshness.test.ts',
  'test/ota/attack-trust-anchor.test.ts',
  'test/ota/attack-audit.test.ts',
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
