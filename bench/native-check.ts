// Bit-identity of the native (wasm2c + gcc) firmware against V8 over one input sequence:
// both write every cycle's output block; the bytes must match exactly (NaN payloads included).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LAYOUT } from '../host/ecu/abi-views.js';
import { Ecu } from '../host/ecu/ecu.js';
import { INPUT_SLOTS, OUTPUT_SLOTS, saveFrames } from './frames.js';
import { runNative } from './spawn.js';

export interface BitIdentity { cycles: number; identical: boolean; firstMismatchCycle: number | null }

export async function compareNativeOutputs(firmware: string, stepHarness: string, frames: Float64Array): Promise<BitIdentity> {
  const dir = mkdtempSync(join(tmpdir(), 'hpa-bitid-'));
  try {
    const framesPath = join(dir, 'frames.bin'), outPath = join(dir, 'native-out.bin');
    saveFrames(framesPath, frames);
    await runNative(stepHarness, ['dump', framesPath, INPUT_SLOTS, LAYOUT.inputs.offset, LAYOUT.outputs.offset, OUTPUT_SLOTS, outPath]);
    const native = new Uint8Array(readFileSync(outPath));
    const ecu = Ecu.load(firmware);
    const outBytes = new Uint8Array(ecu.outputs.buffer, ecu.outputs.byteOffset, OUTPUT_SLOTS * 8);
    const cycles = frames.length / INPUT_SLOTS;
    if (native.length !== cycles * OUTPUT_SLOTS * 8) return { cycles, identical: false, firstMismatchCycle: 0 };
    for (let i = 0; i < cycles; i++) {
      ecu.inputs.set(frames.subarray(i * INPUT_SLOTS, (i + 1) * INPUT_SLOTS));
      ecu.step();
      const base = i * OUTPUT_SLOTS * 8;
      for (let b = 0; b < outBytes.length; b++) if (outBytes[b] !== native[base + b]) return { cycles, identical: false, firstMismatchCycle: i };
    }
    return { cycles, identical: true, firstMismatchCycle: null };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
