// The one I/O declaration: the firmware and the host agree on every offset and default,
// the docs table is generated from it, and calibration is checked at the boundary.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { calibrationDefault } from '../abi/calibration.js';
import { ABI_VERSION, CALIBRATION, RELEASES, type CalibrationParam } from '../abi/signals.js';
import { CAL, LAYOUT } from '../host/ecu/abi-views.js';
import { AbiMismatchError, CalibrationError, Ecu } from '../host/ecu/ecu.js';
import { listFirmware } from '../host/ecu/firmware.js';
import { signalsMarkdown } from '../tools/generate-abi.js';
import { ROOT } from './helpers.js';

describe('ABI', () => {
  it.each(Object.keys(RELEASES))('firmware %s reports the host’s ABI version and layout hash', (v) => {
    const ecu = Ecu.load(v);
    expect(ecu.exports.abiVersion()).toBe(ABI_VERSION);
    expect(ecu.exports.abiHash() >>> 0).toBe(LAYOUT.abiHash);
    expect(ecu.exports.stateBytes()).toBe(LAYOUT.stateBytes);
    expect(ecu.version).toBe(v);
  });

  it.each(Object.keys(RELEASES))('firmware %s powers up with the declared calibration defaults of its release', (v) => {
    const ecu = Ecu.load(v);
    for (const p of CALIBRATION as readonly CalibrationParam[]) {
      const want = calibrationDefault(p, v);
      const slot = CAL[p.name as keyof typeof CAL];
      want.forEach((x, k) => expect(ecu.calibration[slot + k], `${p.name}[${k}]`).toBeCloseTo(x, 12));
    }
  });

  it('the two releases differ by features and calibration, from one source', () => {
    const [old, now] = ['1.0.0', '1.1.0'].map((v) => Ecu.load(v));
    expect(old.exports.features()).toBe(0);
    expect(now.exports.features()).not.toBe(0);
    expect(old.info.sha256).not.toBe(now.info.sha256);
    expect(listFirmware().every((f) => /^[0-9a-f]{64}$/.test(f.sha256))).toBe(true);
  });

  it('a module that is not HPA firmware is refused', () => {
    const bytes = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]); // an empty Wasm module
    expect(() => new Ecu(new WebAssembly.Module(bytes), { version: 'x', build: 'external', file: 'empty.wasm', sha256: '', bytes: 8, features: [] })).toThrow(AbiMismatchError);
  });

  it('docs/signals.md is the generated table of the current declaration', () => {
    expect(readFileSync(join(ROOT, 'docs/signals.md'), 'utf8')).toBe(signalsMarkdown());
  });

  it('the release build links no allocator (no allocation in the step path)', () => {
    for (const f of listFirmware().filter((x) => x.build === 'release')) {
      const wat = readFileSync(join(ROOT, 'build/firmware', f.file.replace('.wasm', '.wat')), 'utf8');
      expect(wat).not.toMatch(/\b(__new|__alloc|__renew)\b/);
    }
  });
});

describe('calibration at the boundary', () => {
  it('writes within limits take effect; out-of-range and unknown names are refused whole', () => {
    const ecu = Ecu.load('1.1.0');
    ecu.setCalibration({ horHandsOffS: 3, accelMaxMps2: [2, 2, 1, 0.5] });
    expect(ecu.getCalibration().horHandsOffS).toBe(3);
    expect(() => ecu.setCalibration({ horHandsOffS: 4, mrmDecelMps2: 6 })).toThrow(CalibrationError);
    expect(ecu.getCalibration().horHandsOffS).toBe(3); // nothing written from the refused set
    expect(() => ecu.setCalibration({ nope: 1 } as never)).toThrow(/unknown calibration parameter/);
  });

  it('the firmware repairs a non-finite or out-of-range value written behind the host’s back', () => {
    const ecu = Ecu.load('1.1.0');
    ecu.calibration[CAL.mrmDecelMps2] = NaN;
    ecu.calibration[CAL.horHandsOffS] = 60;
    expect(ecu.exports.applyCalibration()).toBe(2);
    expect(ecu.calibration[CAL.mrmDecelMps2]).toBe(3.0);
    expect(ecu.calibration[CAL.horHandsOffS]).toBe(5); // clamped to the regulatory latest time
  });
});

describe('published schemas', () => {
  it('docs/*.schema.json are the current definitions', async () => {
    const { SCHEMAS, schemaText } = await import('../tools/publish-schemas.js');
    for (const [path, schema] of Object.entries(SCHEMAS)) expect(readFileSync(join(ROOT, path), 'utf8'), path).toBe(schemaText(schema));
  });
});
