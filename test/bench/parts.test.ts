// The small parts the benchmarks stand on: the latency histogram, the state transfer at a swap,
// and byte variants that defeat V8's module cache.
import { describe, expect, it } from 'vitest';
import { syntheticDrive, INPUT_SLOTS } from '../../bench/frames.js';
import { StateTransfer } from '../../bench/state-transfer.js';
import { wasmVariant } from '../../bench/wasm-variant.js';
import { Ecu } from '../../host/ecu/ecu.js';
import { resolveFirmware } from '../../host/ecu/firmware.js';
import { LatencyHistogram } from '../../host/realtime/latency-histogram.js';

describe('latency histogram', () => {
  it('is exact below 2,048 ns and within 0.1 % above', () => {
    const h = new LatencyHistogram();
    for (let v = 1; v <= 1000; v++) h.record(v);
    expect(h.summary()).toMatchObject({ count: 1000, p50: 500, p99: 990, p999: 999, max: 1000 });
    const big = new LatencyHistogram();
    for (const v of [5_000, 123_456, 9_876_543]) big.record(v);
    expect(Math.abs(big.quantile(0.5) - 123_456) / 123_456).toBeLessThan(0.001);
    expect(big.quantile(1)).toBe(9_876_543);
  });

  it('clamps negative and huge values instead of throwing', () => {
    const h = new LatencyHistogram();
    h.record(-5);
    h.record(1e12);
    expect(h.count).toBe(2);
    expect(h.quantile(0.5)).toBe(0);
  });
});

describe('state transfer at a swap', () => {
  it('leaves the next instance with exactly the live state after pre-copy, one more cycle and complete()', () => {
    const frames = syntheticDrive(3000);
    const a = Ecu.load('1.0.0'), b = Ecu.load('1.1.0');
    const t = new StateTransfer(a, b);
    for (let k = 0; k < 3000; k++) {
      a.inputs.set(frames.subarray(k * INPUT_SLOTS, (k + 1) * INPUT_SLOTS));
      a.step();
      if (k % 97 === 95) t.precopy();
      if (k % 97 === 96) {
        t.complete();
        expect(Buffer.compare(Buffer.from(a.stateBytes), Buffer.from(b.stateBytes))).toBe(0);
      }
    }
  });
});

describe('wasm byte variants', () => {
  it('differ in bytes, still compile, and load as the same firmware', () => {
    const bytes = resolveFirmware('1.1.0').bytes;
    const v1 = wasmVariant(bytes, 1), v2 = wasmVariant(bytes, 2);
    expect(Buffer.compare(Buffer.from(v1), Buffer.from(v2))).not.toBe(0);
    const ecu = new Ecu(new WebAssembly.Module(v1), resolveFirmware('1.1.0').info);
    expect(ecu.version).toBe('1.1.0');
  });
});
