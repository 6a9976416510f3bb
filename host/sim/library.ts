// The shipped scenario library (scenarios/): listing, and running all of it on one firmware
// with pass/fail per variant. The demo table and the OTA regression gate both use this.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../ecu/firmware.js';
import { evaluate } from './expectations.js';
import { runScenario, type RunOptions, type RunResult } from './run.js';
import { loadScenarioFile, type ScenarioFile } from './scenario.js';

export const SCENARIO_DIR = join(PROJECT_ROOT, 'scenarios');

export interface LibraryEntry { file: string; scenario: string; passed: boolean; reasons: string[]; result: RunResult }
export interface LibraryReport { firmware: { version: string; sha256: string } | null; passed: boolean; total: number; failed: number; results: LibraryEntry[] }

export function shippedScenarioFiles(dir = SCENARIO_DIR): ScenarioFile[] {
  return readdirSync(dir)
    .filter((f) => /\.(json|ya?ml)$/.test(f))
    .sort()
    .map((f) => loadScenarioFile(join(dir, f)));
}

/** Runs every variant of every shipped scenario that states an expectation. */
export function runLibrary(firmware: string, opts: Omit<RunOptions, 'firmware'> & { dir?: string; filter?: (name: string) => boolean; onResult?: (e: LibraryEntry) => void } = {}): LibraryReport {
  const results: LibraryEntry[] = [];
  for (const file of shippedScenarioFiles(opts.dir)) {
    for (const scenario of file.variants) {
      if (!scenario.expect || (opts.filter && !opts.filter(scenario.name))) continue;
      const result = runScenario(scenario, { ...opts, firmware });
      const reasons = evaluate(result, scenario.expect);
      const entry = { file: file.file, scenario: scenario.name, passed: reasons.length === 0, reasons, result };
      results.push(entry);
      opts.onResult?.(entry);
    }
  }
  const failed = results.filter((r) => !r.passed).length;
  return { firmware: results[0]?.result.firmware ?? null, passed: failed === 0, total: results.length, failed, results };
}
