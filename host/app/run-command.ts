// `hpa run`: resolve the scenario (path or shipped name), load the calibration, run every
// selected variant and report. Returns data; the CLI prints it.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CalibrationValues } from '../../abi/calibration.js';
import { Ecu } from '../ecu/ecu.js';
import { EcuController, type Controller } from '../runner/controller.js';
import { loadCalibrationFile } from '../sim/calibration-file.js';
import { SCENARIO_DIR } from '../sim/library.js';
import { plotRunSvg } from './plot.js';
import { runScenario, type RunResult } from '../sim/run.js';
import { ScenarioError, type Scenario } from '../sim/scenario.js';
import { loadScenarioAny, type ImportOptions } from '../xosc/load.js';

export interface RunCommandOptions {
  firmware?: string;
  calibration?: string;
  variant?: string;
  trace?: string;
  /** Write an SVG plot of each run here. */
  plot?: string;
  /** Write the event data recorder of each run (JSON) here. */
  edr?: string;
  /** Builds the controller for a variant (the OTA live swap uses this). */
  controllerFor?: (scenario: Scenario) => Controller;
  /** OpenSCENARIO (.xosc) import: ego, ego mode, seed, parameter overrides (docs/openscenario.md). */
  xosc?: ImportOptions & { parameters?: Map<string, string | number | boolean> };
  /** Told about what an imported file contains that the simulation does not use. */
  onNote?: (note: string) => void;
}

function controllerFor(firmware: string, calibration: CalibrationValues | undefined): Controller {
  const ecu = Ecu.load(firmware);
  if (calibration) ecu.setCalibration(calibration);
  return new EcuController(ecu);
}

/** A path, or the name of a shipped scenario ("euro-ncap-ccrs"). */
export function resolveScenarioPath(ref: string): string {
  if (existsSync(ref)) return ref;
  for (const ext of ['.json', '.yaml', '.yml', '.xosc']) if (existsSync(join(SCENARIO_DIR, ref + ext))) return join(SCENARIO_DIR, ref + ext);
  return ref; // loadScenarioFile reports it as unreadable
}

export async function runCommand(ref: string, opts: RunCommandOptions): Promise<{ file: string; name: string; results: RunResult[] }> {
  const file = loadScenarioAny(resolveScenarioPath(ref), opts.xosc);
  for (const note of file.notes) opts.onNote?.(note);
  const calibration = opts.calibration ? loadCalibrationFile(opts.calibration) : undefined;
  const variants = opts.variant ? file.variants.filter((v) => v.name.includes(opts.variant!)) : file.variants;
  if (variants.length === 0) throw new ScenarioError(file.file, 'variant', `no variant matches "${opts.variant}"; have ${file.variants.map((v) => v.name).join(', ')}`);
  const recorders: unknown[] = [];
  const results = variants.map((s) => {
    const controller = opts.controllerFor?.(s) ?? controllerFor(opts.firmware ?? '1.1.0', calibration);
    const result = runScenario(s, { controller, trace: Boolean(opts.trace || opts.plot), traceEvery: opts.trace ? 1 : 5 });
    recorders.push({ scenario: s.name, firmware: result.firmware, ...controller.ecu.readRecorder() });
    return result;
  });
  if (opts.trace) writeTraces(opts.trace, results);
  if (opts.plot) {
    for (const [i, r] of results.entries()) writeFileSync(suffixed(opts.plot, i, results.length, '.svg'), await plotRunSvg(r));
  }
  if (opts.edr) writeFileSync(opts.edr, JSON.stringify(recorders.length === 1 ? recorders[0] : recorders, null, 1) + '\n');
  return { file: file.file, name: file.name, results };
}

/** `out.svg` for one run, `out-1.svg`, `out-2.svg`, … for several. */
function suffixed(path: string, index: number, count: number, ext: string): string {
  return count === 1 ? path : path.replace(new RegExp(`(\\${ext})?$`), `-${index + 1}${ext}`);
}

/** One CSV per run (suffixed by variant when there are several): the columns in TRACE_COLUMNS. */
function writeTraces(path: string, results: RunResult[]): void {
  results.forEach((r, i) => {
    const target = suffixed(path, i, results.length, '.csv');
    const rows = [['scenario', ...r.trace!.columns].join(','), ...r.trace!.rows.map((row) => [r.scenario, ...row.map((x) => (Number.isFinite(x) ? +x.toFixed(4) : ''))].join(','))];
    writeFileSync(target, rows.join('\n') + '\n');
  });
}
