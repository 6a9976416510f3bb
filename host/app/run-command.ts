// `hpa run`: resolve the scenario (path or shipped name), load the calibration, run every
// selected variant and report. Returns data; the CLI prints it, then asks for the files to be
// written (so results are on screen even when a write fails).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Ecu } from '../ecu/ecu.js';
import { EcuController, type Controller } from '../runner/controller.js';
import { assertCalibrationRules, readCalibrationFile, type LoadedCalibration } from '../sim/calibration-file.js';
import { SCENARIO_DIR } from '../sim/library.js';
import { plotRunSvg } from './plot.js';
import { runScenario, type RunResult } from '../sim/run.js';
import { ScenarioError, type Scenario } from '../sim/scenario.js';
import { loadScenarioAny, type ImportOptions } from '../xosc/load.js';
import { loadEcu } from './load-firmware.js';
import { refuseDirectory, suffixed, writeOutputFile } from './output-file.js';
import { UserError } from './user-error.js';
import { traceCsv } from '../workbench/trace-csv.js';
import { McapRunLog } from '../workbench/mcap-log.js';

export interface RunCommandOptions {
  firmware?: string;
  calibration?: string;
  variant?: string;
  trace?: string;
  /** Write an SVG plot of each run here. */
  plot?: string;
  /** Write the event data recorder of each run (JSON) here. */
  edr?: string;
  /** Write an MCAP log (every input, output, calibration value, state field, event) of each run here. */
  mcap?: string;
  /** Builds the controller for a variant (the OTA live swap uses this). */
  controllerFor?: (scenario: Scenario) => Controller;
  /** OpenSCENARIO (.xosc) import: ego, ego mode, seed, parameter overrides (docs/openscenario.md). */
  xosc?: ImportOptions & { parameters?: Map<string, string | number | boolean> };
  /** Told about what an imported file contains that the simulation does not use. */
  onNote?: (note: string) => void;
}

export interface RunCommandResult { file: string; name: string; results: RunResult[]; recorders: unknown[]; mcap: Uint8Array[] }

/** An ECU with the calibration applied; the merged values must keep the cross-field rules. */
export function calibratedEcu(firmware: string, calibration: LoadedCalibration | undefined): Ecu {
  const ecu = loadEcu(firmware);
  if (calibration) {
    ecu.setCalibration(calibration.values);
    assertCalibrationRules(calibration.file, ecu.getCalibration(), ` (with the other values at the defaults of ${ecu.version})`);
  }
  return ecu;
}

/** A path, or the name of a shipped scenario ("euro-ncap-ccrs"). */
export function resolveScenarioPath(ref: string): string {
  if (existsSync(ref)) return ref;
  for (const ext of ['.json', '.yaml', '.yml', '.xosc']) if (existsSync(join(SCENARIO_DIR, ref + ext))) return join(SCENARIO_DIR, ref + ext);
  return ref; // loadScenarioFile reports it as unreadable
}

/** Refuses output names the writer cannot honour before any run starts. */
export function checkOutputNames(opts: { plot?: string }): void {
  if (opts.plot && !/\.svg$/i.test(opts.plot)) {
    throw new UserError(`--plot ${opts.plot}`, 'plots are written as SVG only: name the file *.svg (or use --report out.html for an interactive page)');
  }
}

export async function runCommand(ref: string, opts: RunCommandOptions): Promise<RunCommandResult> {
  checkOutputNames(opts);
  const file = loadScenarioAny(resolveScenarioPath(ref), opts.xosc);
  for (const note of file.notes) opts.onNote?.(note);
  const calibration = opts.calibration ? readCalibrationFile(opts.calibration) : undefined;
  const variants = opts.variant ? file.variants.filter((v) => v.name.includes(opts.variant!)) : file.variants;
  if (variants.length === 0) throw new ScenarioError(file.file, 'variant', `no variant matches "${opts.variant}"; have ${file.variants.map((v) => v.name).join(', ')}`);
  const recorders: unknown[] = [];
  const mcap: Uint8Array[] = [];
  const results: RunResult[] = [];
  for (const s of variants) {
    const controller = opts.controllerFor?.(s) ?? new EcuController(calibratedEcu(opts.firmware ?? '1.1.0', calibration));
    const log = opts.mcap ? new McapRunLog() : null;
    const result = runScenario(s, { controller, trace: Boolean(opts.trace || opts.plot), traceEvery: opts.trace ? 1 : 5, calibrationSource: calibration, onCycle: log?.onCycle });
    recorders.push({ scenario: s.name, firmware: result.firmware, ...controller.ecu.readRecorder() });
    if (log) mcap.push(await log.bytes(result));
    results.push(result);
  }
  return { file: file.file, name: file.name, results, recorders, mcap };
}

/** Writes the files asked for (--trace, --plot, --edr); a failure names the option and path. */
export async function writeRunOutputs(run: RunCommandResult, opts: Pick<RunCommandOptions, 'trace' | 'plot' | 'edr' | 'mcap'>): Promise<string[]> {
  const written: string[] = [];
  const { results } = run;
  const write = (option: string, path: string, data: string | Uint8Array) => { writeOutputFile(option, path, data); written.push(path); };
  for (const [option, path] of [['--trace', opts.trace], ['--plot', opts.plot], ['--edr', opts.edr], ['--mcap', opts.mcap]] as const) if (path) refuseDirectory(option, path);
  if (opts.mcap) run.mcap.forEach((bytes, i) => write('--mcap', suffixed(opts.mcap!, i, run.mcap.length, '.mcap'), bytes));
  if (opts.trace) results.forEach((r, i) => write('--trace', suffixed(opts.trace!, i, results.length, '.csv'), traceCsv(r)));
  if (opts.plot) for (const [i, r] of results.entries()) write('--plot', suffixed(opts.plot, i, results.length, '.svg'), await plotRunSvg(r));
  if (opts.edr) write('--edr', opts.edr, JSON.stringify(run.recorders.length === 1 ? run.recorders[0] : run.recorders, null, 1) + '\n');
  return written;
}
