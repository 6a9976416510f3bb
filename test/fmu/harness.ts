// Test-side tools for the FMU: build and unzip it, compile the test importer, replay a scenario's
// recorded input frames through it and through the Wasm firmware, and make fmusim's CSV files.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { recordDrive } from '../../bench/scenario-frames.js';
import { saveFrames } from '../../bench/frames.js';
import { LAYOUT } from '../../host/ecu/abi-views.js';
import { Ecu } from '../../host/ecu/ecu.js';
import { buildFmu, FMU_C_DIR, type FmuBuild } from '../../host/fmu/build-fmu.js';
import { MODEL_IDENTIFIER } from '../../host/fmu/model-description.js';

export interface BuiltFmu { build: FmuBuild; dir: string; so: string; xml: string; importer: string }

export function buildAndUnpack(dir: string, firmware: string): BuiltFmu {
  const build = buildFmu(firmware, join(dir, `hpa-${firmware}.fmu`));
  const unpacked = join(dir, 'unpacked');
  mkdirSync(unpacked);
  execFileSync('unzip', ['-q', build.path, '-d', unpacked]);
  const importer = join(dir, 'importer');
  execFileSync('gcc', ['-O1', '-Wall', `-I${FMU_C_DIR}`, `-I${join(import.meta.dirname, '..', '..', 'bench', 'native')}`, '-o', importer, join(import.meta.dirname, 'importer.c'), '-ldl', '-lm'], { stdio: 'pipe' });
  return { build, dir, so: join(unpacked, 'binaries', 'linux64', `${MODEL_IDENTIFIER}.so`), xml: join(unpacked, 'modelDescription.xml'), importer };
}

/** XPath over modelDescription.xml with libxml2's own parser (xmllint). */
export function xpath(xml: string, expr: string): string {
  return execFileSync('xmllint', ['--xpath', expr, xml], { encoding: 'utf8' }).trim();
}

export interface Frames { frames: Float64Array; cycles: number; source: string; path: string }

/** Input frames the simulator fed the firmware in shipped scenarios, saved for the importer. */
export function scenarioFrames(dir: string, firmware: string, scenarios: string[]): Frames {
  const { frames, source } = recordDrive(firmware, scenarios);
  const path = join(dir, 'frames.bin');
  saveFrames(path, frames);
  return { frames, cycles: frames.length / LAYOUT.inputs.slots, source, path };
}

/** The Wasm firmware over the same frames: every cycle's output block, optionally with a calibration change. */
export function wasmOutputs(firmware: string, frames: Float64Array, calibrationChange?: { name: string; value: number; cycle: number }): Float64Array {
  const ecu = Ecu.load(firmware);
  const nIn = LAYOUT.inputs.slots, nOut = LAYOUT.outputs.slots;
  const cycles = frames.length / nIn;
  const out = new Float64Array(cycles * nOut);
  for (let k = 0; k < cycles; k++) {
    if (calibrationChange?.cycle === k) ecu.setCalibration({ [calibrationChange.name]: calibrationChange.value });
    ecu.inputs.set(frames.subarray(k * nIn, (k + 1) * nIn));
    ecu.step();
    out.set(ecu.outputs, k * nOut);
  }
  return out;
}

export function readDoubles(path: string): Float64Array {
  const bytes = readFileSync(path);
  const copy = new Float64Array(bytes.byteLength / 8);
  new Uint8Array(copy.buffer).set(bytes);
  return copy;
}

/** Index of the first differing double (compared as bits), or -1 when bit-identical. */
export function firstBitDifference(a: Float64Array, b: Float64Array): number {
  if (a.length !== b.length) return 0;
  const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength), y = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return Math.floor(i / 8);
  return -1;
}

/** fmusim's --input-file: a time column and one column per input, values that parse back exactly. */
export function inputCsv(path: string, frames: Float64Array, inputNames: string[], fromCycle = 0, toCycle = frames.length / inputNames.length): void {
  const n = inputNames.length;
  const lines = [['time', ...inputNames].map((s) => `"${s}"`).join(',')];
  for (let k = fromCycle; k < toCycle; k++) {
    lines.push([String(+(k * 0.01).toFixed(2)), ...Array.from(frames.subarray(k * n, (k + 1) * n), String)].join(','));
  }
  writeFileSync(path, lines.join('\n') + '\n');
}

/** fmusim's --output-file: the header and the numeric rows. */
export function readCsv(path: string): { header: string[]; rows: string[][] } {
  const [head, ...rest] = readFileSync(path, 'utf8').trim().split('\n');
  return { header: head.split(',').map((s) => s.replace(/^"|"$/g, '')), rows: rest.map((l) => l.split(',')) };
}

/** The firmware's whole layout region (inputs, outputs, calibration, state with recorder) after the frames. */
export function wasmLayoutAfter(firmware: string, frames: Float64Array): Uint8Array {
  const ecu = Ecu.load(firmware);
  const nIn = LAYOUT.inputs.slots;
  for (let k = 0; k * nIn < frames.length; k++) {
    ecu.inputs.set(frames.subarray(k * nIn, (k + 1) * nIn));
    ecu.step();
  }
  return new Uint8Array(ecu.exports.memory.buffer, ecu.exports.layoutBase(), LAYOUT.totalBytes).slice();
}

export interface CsvComparison { rows: number; values: number; exact: number; equalAtPrintPrecision: number; firstMismatch: string | null }

/**
 * fmusim's output rows against the Wasm outputs: row k+1 (time (k+1)·10 ms) holds the outputs after
 * cycle k. fmusim prints doubles with %.16g, so a value is compared exactly where the printed text
 * allows it and otherwise at those 16 significant digits.
 */
export function compareWithWasm(csv: { header: string[]; rows: string[][] }, wasm: Float64Array, outputNames: string[]): CsvComparison {
  const nOut = outputNames.length;
  const cycles = wasm.length / nOut;
  const columns = outputNames.map((n) => csv.header.indexOf(n));
  const result: CsvComparison = { rows: csv.rows.length, values: 0, exact: 0, equalAtPrintPrecision: 0, firstMismatch: null };
  if (csv.rows.length !== cycles + 1) { result.firstMismatch = `${csv.rows.length} rows for ${cycles} cycles`; return result; }
  for (let k = 0; k < cycles; k++) {
    const row = csv.rows[k + 1];
    for (let j = 0; j < nOut; j++) {
      const printed = Number(row[columns[j]]), w = wasm[k * nOut + j];
      result.values++;
      if (Object.is(printed, w)) result.exact++;
      else if (printed === Number(w.toPrecision(16))) result.equalAtPrintPrecision++;
      else result.firstMismatch ??= `cycle ${k} ${outputNames[j]}: fmusim ${row[columns[j]]}, Wasm ${w}`;
    }
  }
  return result;
}

const seconds = (cycles: number) => (cycles * 0.01).toFixed(2);

/**
 * Runs the frames through fmusim in chunks: fmusim looks its input rows up from the first row at
 * every step (quadratic in the rows), so each chunk is its own run that resumes from the FMU state
 * the previous one saved (--final-fmu-state-file → --initial-fmu-state-file: our fmi2SerializeFMUstate
 * and fmi2DeSerializeFMUstate called by fmusim). Returns the joined output rows and the last state file.
 */
export function runFmusim(fmusim: string, fmuPath: string, dir: string, frames: Float64Array, inputNames: string[], chunkCycles: number): { csv: { header: string[]; rows: string[][] }; finalState: string; chunks: number } {
  const cycles = frames.length / inputNames.length;
  let header: string[] = [];
  const rows: string[][] = [];
  let previous: string | undefined;
  let chunks = 0;
  for (let from = 0; from < cycles; from += chunkCycles, chunks++) {
    const to = Math.min(from + chunkCycles, cycles);
    const inCsv = join(dir, `inputs-${chunks}.csv`), outCsv = join(dir, `outputs-${chunks}.csv`), state = join(dir, `state-${chunks}.bin`);
    inputCsv(inCsv, frames, inputNames, from, to);
    execFileSync(fmusim, ['--interface-type', 'cs', '--start-time', seconds(from), '--stop-time', seconds(to), '--output-interval', '0.01',
      '--input-file', inCsv, '--output-file', outCsv, '--final-fmu-state-file', state,
      ...(previous ? ['--initial-fmu-state-file', previous] : []), fmuPath], { stdio: 'pipe' });
    const part = readCsv(outCsv);
    header = part.header;
    // A resumed run first samples the restored outputs, already the previous chunk's last row.
    rows.push(...(previous ? part.rows.slice(1) : part.rows));
    previous = state;
  }
  return { csv: { header, rows }, finalState: previous!, chunks };
}
