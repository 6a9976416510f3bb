// One firmware instance: ABI check, zero-copy views on its memory, calibration access,
// state snapshot/restore and the event data recorder.
import { instantiateSync } from '@assemblyscript/loader';
import { calibrationDefault, type CalibrationValues } from '../../abi/calibration.js';
import {
  ABI_VERSION, CALIBRATION, EVENTS, RECORDER,
  type CalibrationName, type CalibrationParam, type EventName,
} from '../../abi/signals.js';
import { CAL, LAYOUT } from './abi-views.js';
import { resolveFirmware, type FirmwareInfo } from './firmware.js';

/** The raw exports every firmware build has (see tools/generate-abi.ts entryModule). */
export interface FirmwareExports {
  memory: WebAssembly.Memory;
  step(): void;
  reset(): void;
  applyCalibration(): number;
  edrClear(): void;
  layoutBase(): number;
  abiVersion(): number;
  abiHash(): number;
  stateLayoutVersion(): number;
  stateBytes(): number;
  firmwareVersion(): number;
  features(): number;
}

export class AbiMismatchError extends Error {}
export class CalibrationError extends Error {}

export interface RecorderDump {
  frozen: boolean;
  triggerCycle: number | null;
  triggerEvents: EventName[];
  channels: readonly string[];
  /** Oldest first; each row holds the channels in `channels` order. */
  samples: number[][];
}

export function decodeEvents(bits: number): EventName[] {
  return EVENTS.filter((_, i) => (bits >>> i) & 1);
}

export class Ecu {
  readonly exports: FirmwareExports;
  /** Zero-copy views on the firmware's memory. A memory that grows detaches them (length 0):
   * `refreshViews()` re-creates them (the release builds have a fixed-size memory). */
  inputs!: Float64Array;
  outputs!: Float64Array;
  calibration!: Float64Array;
  stateBytes!: Uint8Array;
  /** The raw step export: call this in hot loops. */
  readonly step: () => void;
  readonly version: string;

  /** Loads a built version ("1.1.0") or a .wasm path; throws AbiMismatchError for a foreign ABI. */
  static load(ref: string): Ecu {
    const image = resolveFirmware(ref);
    return new Ecu(new WebAssembly.Module(image.bytes), image.info);
  }

  constructor(readonly module: WebAssembly.Module, readonly info: FirmwareInfo) {
    // The loader supplies env.abort (decoding the debug build's assertion messages).
    const { exports, instance } = instantiateSync<Record<string, unknown>>(module, {});
    const raw = exports as unknown as FirmwareExports;
    for (const name of ['step', 'reset', 'layoutBase', 'abiVersion', 'abiHash', 'firmwareVersion'] as const) {
      if (typeof raw[name] !== 'function') throw new AbiMismatchError(`${info.file}: not an HPA-ECU firmware (no export "${name}")`);
    }
    if (raw.abiVersion() !== ABI_VERSION || raw.abiHash() >>> 0 !== LAYOUT.abiHash) {
      throw new AbiMismatchError(`${info.file}: ABI ${raw.abiVersion()}/0x${(raw.abiHash() >>> 0).toString(16)} does not match the host's ${ABI_VERSION}/0x${LAYOUT.abiHash.toString(16)}`);
    }
    this.exports = raw;
    const v = raw.firmwareVersion();
    this.version = `${Math.floor(v / 10000)}.${Math.floor(v / 100) % 100}.${v % 100}`;
    this.refreshViews();
    // The raw export, not the loader's wrapper: that one makes a second JS→Wasm call (setting the
    // argument count, which step() has none of) and builds a rest-argument array on every cycle.
    this.step = instance.exports.step as () => void;
    raw.reset();
  }

  /** (Re-)creates the block views over the current memory buffer; returns the input block. */
  refreshViews(): Float64Array {
    const base = this.exports.layoutBase();
    const buf = this.exports.memory.buffer;
    this.inputs = new Float64Array(buf, base + LAYOUT.inputs.offset, LAYOUT.inputs.slots);
    this.outputs = new Float64Array(buf, base + LAYOUT.outputs.offset, LAYOUT.outputs.slots);
    this.calibration = new Float64Array(buf, base + LAYOUT.calibration.offset, LAYOUT.calibration.slots);
    this.stateBytes = new Uint8Array(buf, base + LAYOUT.state.offset, LAYOUT.stateBytes);
    return this.inputs;
  }

  get stateLayoutVersion(): number { return this.exports.stateLayoutVersion(); }

  /** Power-on reset: release defaults, cleared state. */
  reset(): void { this.exports.reset(); }

  getCalibration(): Record<CalibrationName, number | number[]> {
    const values = {} as Record<CalibrationName, number | number[]>;
    for (const p of CALIBRATION as readonly CalibrationParam[]) {
      const slot = CAL[p.name as CalibrationName];
      values[p.name as CalibrationName] = 'length' in p && p.length ? Array.from(this.calibration.subarray(slot, slot + p.length)) : this.calibration[slot];
    }
    return values;
  }

  /** Writes named values (checked against the declared min/max), then lets the firmware re-derive its timers. */
  setCalibration(values: CalibrationValues): void {
    const writes: [number, number][] = [];
    for (const [name, value] of Object.entries(values)) {
      if (name === '$schema') continue;
      const p = (CALIBRATION as readonly CalibrationParam[]).find((c) => c.name === name);
      if (!p) throw new CalibrationError(`unknown calibration parameter "${name}"`);
      const list = typeof value === 'number' ? [value] : value;
      const length = p.length ?? 1;
      if (!Array.isArray(list) || list.length !== length) throw new CalibrationError(`${name}: expected ${length === 1 ? 'a number' : `${length} numbers`}`);
      list.forEach((x, i) => {
        if (typeof x !== 'number' || !Number.isFinite(x) || x < p.min || x > p.max) throw new CalibrationError(`${name}${length > 1 ? `[${i}]` : ''}: ${x} is outside ${p.min} … ${p.max} ${p.unit}`);
        writes.push([CAL[name as CalibrationName] + i, x]);
      });
    }
    for (const [slot, x] of writes) this.calibration[slot] = x;
    this.exports.applyCalibration();
  }

  /** The release's own defaults, as declared (for docs and diffs). */
  static releaseDefaults(version: string): Record<string, number | number[]> {
    return Object.fromEntries((CALIBRATION as readonly CalibrationParam[]).map((p) => {
      const v = calibrationDefault(p, version);
      return [p.name, p.length ? v : v[0]];
    }));
  }

  /** Copies the whole state block (scalars and recorder). */
  snapshot(into?: Uint8Array): Uint8Array {
    const copy = into ?? new Uint8Array(this.stateBytes.length);
    copy.set(this.stateBytes);
    return copy;
  }

  restore(snapshot: Uint8Array): void {
    if (snapshot.length !== this.stateBytes.length) throw new AbiMismatchError(`state snapshot of ${snapshot.length} B does not fit ${this.stateBytes.length} B`);
    this.stateBytes.set(snapshot);
  }

  readRecorder(): RecorderDump {
    const st = new Float64Array(this.stateBytes.buffer, this.stateBytes.byteOffset, LAYOUT.state.slots);
    const field = (name: string) => st[LAYOUT.state.fields.find((f) => f.name === name)!.slot];
    const channels = RECORDER.channels.length;
    const ring = new Float32Array(this.stateBytes.buffer, this.stateBytes.byteOffset + LAYOUT.recorderOffset, RECORDER.samples * channels);
    const count = Math.min(field('edrCount'), RECORDER.samples);
    const head = field('edrHead');
    const samples: number[][] = [];
    for (let i = 0; i < count; i++) {
      const slot = (head - count + i + RECORDER.samples) % RECORDER.samples;
      samples.push(Array.from(ring.subarray(slot * channels, (slot + 1) * channels)));
    }
    const trigger = field('edrTriggerCycle');
    return { frozen: field('edrFrozen') !== 0, triggerCycle: trigger >= 0 ? trigger : null, triggerEvents: decodeEvents(field('edrTriggerEvents')), channels: RECORDER.channels, samples };
  }

  clearRecorder(): void { this.exports.edrClear(); }
}

