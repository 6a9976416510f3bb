// The small parts the benchmarks stand on: the latency histogram, the state transfer at a swap,
// and byte variants that defeat V8's module cache.
import { describe, expect, it } from 'vitest';
import { syntheticDrive, INPUT_SLOTS } from '../../bench/frames.js';
import { namesHeader } from '../../bench/native/build-native.js';
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

describe('wasm2c naming across wabt releases', () => {
  const oldStyle = `typedef struct Z_hpa_instance_t {\n  wasm_rt_memory_t w2c_memory;\n} Z_hpa_instance_t;\n\nvoid Z_hpa_init_module(void);\nvoid Z_hpa_instantiate(Z_hpa_instance_t*);\nvoid Z_hpa_free(Z_hpa_instance_t*);\n\n/* export: 'reset' */\nvoid Z_hpaZ_reset(Z_hpa_instance_t*);\n\n/* export: 'step' */\nvoid Z_hpaZ_step(Z_hpa_instance_t*);\n\n/* export: 'layoutBase' */\nu32 Z_hpaZ_layoutBase(Z_hpa_instance_t*);\n\n/* export: 'memory' */\nwasm_rt_memory_t* Z_hpaZ_memory(Z_hpa_instance_t* instance);\n`;
  const newStyle = `typedef struct w2c_hpa {\n  wasm_rt_memory_t w2c_memory;\n} w2c_hpa;\n\nvoid wasm2c_hpa_instantiate(w2c_hpa*);\nvoid wasm2c_hpa_free(w2c_hpa*);\n\n/* export: 'reset' */\nvoid w2c_hpa_reset(w2c_hpa*);\n\n/* export: 'step' */\nvoid w2c_hpa_step(w2c_hpa*);\n\n/* export: 'layoutBase' */\nu32 w2c_hpa_layoutBase(w2c_hpa*);\n\n/* export: 'memory' */\nwasm_rt_memory_t* w2c_hpa_memory(w2c_hpa* instance);\n`;

  it('maps wabt 1.0.32 names (Z_hpaZ_step) onto the harness macros', () => {
    const h = namesHeader(oldStyle, 'hpa');
    expect(h).toContain('#define FW_INSTANCE_T Z_hpa_instance_t');
    expect(h).toContain('#define FW_INIT_MODULE() Z_hpa_init_module()');
    expect(h).toContain('#define FW_STEP Z_hpaZ_step');
    expect(h).toContain('#define FW_MEMORY Z_hpaZ_memory');
  });

  it('maps wabt ≥ 1.0.33 names (w2c_hpa_step, no init_module) onto the same macros', () => {
    const h = namesHeader(newStyle, 'hpa');
    expect(h).toContain('#define FW_INSTANCE_T w2c_hpa');
    expect(h).toContain('#define FW_INIT_MODULE() ((void)0)');
    expect(h).toContain('#define FW_INSTANTIATE wasm2c_hpa_instantiate');
    expect(h).toContain('#define FW_STEP w2c_hpa_step');
    expect(h).toContain('#define FW_LAYOUT_BASE w2c_hpa_layoutBase');
  });
});
