// Instructions per firmware step (bench section `instructions`): counted, not timed, so the same
// build over the same frames gives the same figure whatever else the machine runs, and another
// build gives another one.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { INPUT_SLOTS, OUTPUT_SLOTS, saveFrames, syntheticDrive } from '../../bench/frames.js';
import { countStepInstructions, stepFunctionName, type StepInstructions } from '../../bench/instructions.js';
import { buildNative } from '../../bench/native/build-native.js';
import { LAYOUT } from '../../host/ecu/abi-views.js';
import { resolveFirmware } from '../../host/ecu/firmware.js';

const layout = { inSlots: INPUT_SLOTS, inOffset: LAYOUT.inputs.offset, outOffset: LAYOUT.outputs.offset, outSlots: OUTPUT_SLOTS };

describe('instructions per step (valgrind --tool=callgrind on the native twin)', () => {
  const builds = Object.fromEntries(['1.1.0', '1.0.0'].map((v) => [v, buildNative(resolveFirmware(v).path)]));
  const frames = join(mkdtempSync(join(tmpdir(), 'hpa-instr-')), 'frames.bin');
  saveFrames(frames, syntheticDrive(3_000, 3));
  const count = (v: string) => {
    const b = builds[v];
    if (!b.ok) throw new Error(b.reason);
    const r = countStepInstructions(b.dir, b.stepHarness, frames, 3_000, layout);
    if ('skipped' in r) throw new Error(r.skipped);
    return r as StepInstructions;
  };

  it('a valgrind that cannot run the harness is a skipped row with its reason, not a thrown bench', () => {
    const b = builds['1.1.0'];
    if (!b.ok) throw new Error(b.reason);
    const r = countStepInstructions(b.dir, join(b.dir, 'no-such-harness'), frames, 3_000, layout);
    expect(r).toMatchObject({ skipped: expect.stringMatching(/^valgrind --tool=callgrind failed: /) });
  });

  it('finds the step export in the generated names header', () => {
    expect(stepFunctionName('#include "hpa.h"\n#define FW_STEP w2c_hpa_step\n')).toBe('w2c_hpa_step');
  });

  it('the same build over the same frames: the same count, twice; another build: another count', () => {
    const a = count('1.1.0'), b = count('1.1.0');
    expect(a.perStep).toBeGreaterThan(100);
    expect(b.perStep).toBe(a.perStep);
    expect(a.steps).toBe(3_000);
    expect(count('1.0.0').perStep).not.toBe(a.perStep);
  });
});
