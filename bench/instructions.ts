// Instructions per firmware step: the native twin stepped over the bench's frames under valgrind's
// callgrind, counting only inside the step export (--toggle-collect). Unlike every timed row this
// figure does not move with the load on a shared machine: the same firmware, frames and compiler
// give the same count, so two builds can be compared across runs and machines of the same kind.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface StepInstructions {
  /** Instructions executed inside step() per cycle, over every frame of the run. */
  perStep: number;
  steps: number;
  /** What counted them (valgrind's version). */
  tool: string;
}

export const VALGRIND_INSTALL = 'sudo apt-get install -y valgrind';

/** The C function wasm2c generated for the step export, from the harness's fw-names.h. */
export function stepFunctionName(namesHeader: string): string {
  const m = namesHeader.match(/#define FW_STEP (\w+)/);
  if (!m) throw new Error('fw-names.h names no FW_STEP');
  return m[1];
}

/** Counts them; `{ skipped }` with the reason when valgrind is not installed. */
export function countStepInstructions(nativeDir: string, stepHarness: string, framesPath: string, frames: number,
  layout: { inSlots: number; inOffset: number; outOffset: number; outSlots: number }): StepInstructions | { skipped: string } {
  const version = spawnSync('valgrind', ['--version'], { encoding: 'utf8' });
  if (version.error || version.status !== 0) return { skipped: 'valgrind is not installed' };
  const dir = mkdtempSync(join(tmpdir(), 'hpa-callgrind-'));
  try {
    const out = join(dir, 'callgrind.out');
    const fn = stepFunctionName(readFileSync(join(nativeDir, 'fw-names.h'), 'utf8'));
    try {
      execFileSync('valgrind', ['--tool=callgrind', `--toggle-collect=${fn}`, `--callgrind-out-file=${out}`,
        stepHarness, 'dump', framesPath, layout.inSlots, layout.inOffset, layout.outOffset, layout.outSlots, '/dev/null'].map(String), { stdio: ['ignore', 'ignore', 'pipe'] });
    } catch (e) {
      // A valgrind that cannot run here (an unsupported CPU feature, a sandbox without ptrace) is a skipped row, not a failed bench.
      const stderr = String((e as { stderr?: Buffer }).stderr ?? '').trim().split('\n').pop() ?? '';
      return { skipped: `valgrind --tool=callgrind failed: ${stderr || (e as Error).message}` };
    }
    const summary = readFileSync(out, 'utf8').match(/^summary: (\d+)$/m);
    if (!summary) throw new Error(`callgrind wrote no summary to ${out}`);
    return { perStep: Number(summary[1]) / frames, steps: frames, tool: version.stdout.trim() };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
