// `hpa test`: every scenario's `expect` judged on one or more firmware builds, side by side.
import { performance } from 'node:perf_hooks';
import { relative } from 'node:path';
import { calibratedEcu } from '../app/run-command.js';
import { EcuController } from '../runner/controller.js';
import { readCalibrationFile } from '../sim/calibration-file.js';
import { evaluate } from '../sim/expectations.js';
import { runScenario, type RunResult } from '../sim/run.js';
import { loadScenarioFiles } from './scenario-files.js';
import { loadEcu } from '../app/load-firmware.js';

export interface TestOutcome { passed: boolean; reasons: string[]; timeS: number; result: Omit<RunResult, 'trace'> | null }
export interface TestCase { file: string; scenario: string; error: string | null; outcomes: TestOutcome[] }
export interface TestReport {
  firmware: { ref: string; version: string; sha256: string }[];
  calibration: { file: string; sha256: string } | null;
  cases: TestCase[];
  total: number;
  failed: number;
  passed: boolean;
}

export interface TestOptions { firmware?: string[]; calibration?: string; onCase?: (done: number, total: number) => void }

export function runTestSuite(refs: string[], opts: TestOptions = {}): TestReport {
  const firmware = (opts.firmware?.length ? opts.firmware : ['1.1.0']).map((ref) => {
    const ecu = loadEcu(ref);
    return { ref, version: ecu.version, sha256: ecu.info.sha256 };
  });
  const calibration = opts.calibration ? readCalibrationFile(opts.calibration) : undefined;
  const files = loadScenarioFiles(refs);
  const cases: TestCase[] = [];
  const pending = files.flatMap((f) => ('error' in f ? [] : f.variants.filter((v) => v.expect).map((v) => ({ file: f.file, v }))));
  let done = 0;
  for (const f of files) if ('error' in f) cases.push({ file: f.file, scenario: f.file, error: f.error, outcomes: [] });
  for (const { file, v } of pending) {
    const outcomes = firmware.map((fw) => {
      const start = performance.now();
      const { trace: _t, ...result } = runScenario(v, { controller: new EcuController(calibratedEcu(fw.ref, calibration)), calibrationSource: calibration });
      const reasons = evaluate(result as RunResult, v.expect);
      return { passed: reasons.length === 0, reasons, timeS: (performance.now() - start) / 1000, result };
    });
    cases.push({ file, scenario: v.name, error: null, outcomes });
    opts.onCase?.(++done, pending.length);
  }
  const failed = cases.filter((c) => c.error || c.outcomes.some((o) => !o.passed)).length;
  return {
    firmware, calibration: calibration ? { file: calibration.file, sha256: calibration.sha256 } : null,
    cases, total: cases.length, failed, passed: failed === 0 && cases.length > 0,
  };
}

/** The report without the full run results (what --json prints). */
export function testReportJson(r: TestReport): object {
  return {
    ...r,
    cases: r.cases.map((c) => ({
      ...c,
      outcomes: c.outcomes.map((o, i) => ({
        firmware: r.firmware[i].ref, passed: o.passed, reasons: o.reasons, timeS: +o.timeS.toFixed(3),
        collision: o.result?.collision, impactSpeedKph: o.result?.impactSpeedKph, minGapM: o.result?.minGapM, maxDecelMps2: o.result?.maxDecelMps2,
      })),
    })),
  };
}

export const caseLabel = (c: TestCase) => (c.error ? relative(process.cwd(), c.file) || c.file : c.scenario);
