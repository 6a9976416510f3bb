// Input frame sequences for the benchmarks: one Float64Array of `cycles × input slots`, written
// to a file so every child process (V8 tiers, native harness) replays the very same bytes.
import { readFileSync, writeFileSync } from 'node:fs';
import { CYCLE_S } from '../abi/signals.js';
import { IN, LAYOUT } from '../host/ecu/abi-views.js';

export const INPUT_SLOTS = LAYOUT.inputs.slots;
export const OUTPUT_SLOTS = LAYOUT.outputs.slots;

/** Deterministic PRNG (mulberry32) so a synthetic drive is the same in every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A plausible highway drive without the simulator: engaged at ~30 m/s behind a lead car whose
 * speed wanders, a curve and a speed-limit change now and then, short hands-off spells, and an
 * occasional cut-in (so hazard assessment and driver monitoring run their real branches).
 */
export function syntheticDrive(cycles: number, seed = 1): Float64Array {
  const rnd = prng(seed);
  const frames = new Float64Array(cycles * INPUT_SLOTS);
  let egoMps = 30, leadGapM = 55, leadRelMps = 0, leadAccel = 0;
  for (let i = 0; i < cycles; i++) {
    const f = frames.subarray(i * INPUT_SLOTS, (i + 1) * INPUT_SLOTS);
    const tS = i * CYCLE_S;
    leadAccel = Math.max(-3, Math.min(2, leadAccel + (rnd() - 0.5) * 0.2 - 0.02 * leadRelMps));
    leadRelMps = Math.max(-8, Math.min(8, leadRelMps + leadAccel * CYCLE_S));
    leadGapM += leadRelMps * CYCLE_S;
    if (leadGapM < 15 || leadGapM > 150) { leadGapM = 30 + rnd() * 60; leadRelMps = (rnd() - 0.5) * 4; } // cut-in / lead leaves
    egoMps = Math.max(20, Math.min(36, egoMps + (rnd() - 0.5) * 0.05));
    f[IN.frameCounter] = i % 65536;
    f[IN.mainSwitch] = 1;
    f[IN.engageRequest] = i % 6000 >= 20 && i % 6000 < 30 ? 1 : 0; // re-engage every minute
    f[IN.egoSpeedMps] = egoMps;
    f[IN.egoAccelMps2] = (rnd() - 0.5) * 0.4;
    f[IN.setSpeedMps] = 33.3;
    f[IN.timeGapSetS] = 1.8;
    f[IN.speedLimitMps] = Math.floor(tS / 120) % 2 === 0 ? 36.1 : 27.8;
    const inCurve = Math.floor(tS / 45) % 3 === 1;
    f[IN.curvatureAheadPerM] = inCurve ? 0.002 : 0.0002;
    f[IN.curveDistM] = inCurve ? 200 : 800;
    f[IN.stationaryDetectRangeM] = 150;
    f[IN.leadValid] = 1;
    f[IN.leadDistM] = leadGapM;
    f[IN.leadRelSpeedMps] = leadRelMps;
    f[IN.leadAccelMps2] = leadAccel;
    f[IN.leadKind] = 1;
    f[IN.zoneValid] = 0;
    f[IN.zoneDistM] = 5000;
    f[IN.handsOn] = i % 3000 < 2600 ? 1 : 0; // 4 s hands off every 30 s
    f[IN.eyesOnRoad] = i % 2000 < 1850 ? 1 : 0;
  }
  return frames;
}

export function saveFrames(path: string, frames: Float64Array): void {
  writeFileSync(path, new Uint8Array(frames.buffer, frames.byteOffset, frames.byteLength));
}

export function loadFrames(path: string): Float64Array {
  const bytes = readFileSync(path);
  const copy = new Float64Array(bytes.byteLength / 8);
  new Uint8Array(copy.buffer).set(bytes);
  return copy;
}
