// The native limit is only a limit if it computes the same thing: the wasm2c + gcc build of the
// release must produce bit-identical outputs to V8 over a drive (NaN payloads included).
import { describe, expect, it } from 'vitest';
import { syntheticDrive } from '../../bench/frames.js';
import { buildNative } from '../../bench/native/build-native.js';
import { compareNativeOutputs } from '../../bench/native-check.js';
import { recordDrive } from '../../bench/scenario-frames.js';
import { resolveFirmware } from '../../host/ecu/firmware.js';
import { IN } from '../../host/ecu/abi-views.js';
import { INPUT_SLOTS } from '../../bench/frames.js';

for (const version of ['1.1.0', '1.0.0']) {
  describe(`native twin of ${version} (wasm2c + gcc -O2)`, () => {
    const build = buildNative(resolveFirmware(version).path);
    it.skipIf(!build.ok)('builds (or the bench says how to install wasm2c/gcc)', () => expect(build.ok).toBe(true));

    it.skipIf(!build.ok)('matches V8 bit for bit over a synthetic highway drive with faults injected', async () => {
      const frames = syntheticDrive(12_000, 7);
      // Non-finite and out-of-range inputs take the plausibility paths (NaN handling must agree too).
      for (const [cycle, slot, value] of [[3000, IN.egoSpeedMps, NaN], [3001, IN.leadDistM, Infinity], [6000, IN.leadRelSpeedMps, -1e9]] as const) {
        frames[cycle * INPUT_SLOTS + slot] = value;
      }
      const r = await compareNativeOutputs(version, (build as { stepHarness: string }).stepHarness, frames);
      expect(r).toEqual({ cycles: 12_000, identical: true, firstMismatchCycle: null });
    });

    it.skipIf(!build.ok)('matches V8 bit for bit over recorded simulator scenarios', async () => {
      const { frames } = recordDrive(version, ['openpilot-cut-in', 'gb-cut-out']);
      const r = await compareNativeOutputs(version, (build as { stepHarness: string }).stepHarness, frames);
      expect(r.identical).toBe(true);
      expect(r.cycles).toBeGreaterThan(1000);
    });
  });
}

describe('without the native tools', () => {
  it('a missing wasm2c/gcc is reported with the apt command, not thrown', () => {
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      const r = buildNative(resolveFirmware('1.1.0').path);
      // A cached build may still exist; either way nothing throws and a failure names the fix.
      if (!r.ok) expect(r.install).toMatch(/apt-get install -y wabt gcc/);
    } finally {
      process.env.PATH = path;
    }
  });
});
