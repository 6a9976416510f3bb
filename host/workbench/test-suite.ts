// `hpa test`: every scenario's `expect` judged on one or more firmware builds, side by side. Each
// (scenario, firmware) run is a keyed job on a job engine: worker threads here, or BullMQ over Redis.
import { relative } from 'node:path';
import { calibratedEcu } from '../app/run-command.js';
import { withEngine } from '../jobs/engine.js';
import { jobFirmware } from '../jobs/job-firmware.js';
import { JobError, type EngineProgress, type JobEngine, type JobSpec } from '../jobs/types.js';
import { readCalibrationFile } from '../sim/calibration-file.js';
import type { RunResult } from '../sim/run.js';
import { loadScenarioFiles } from './scenario-files.js';
import { loadEcu } from '../app/load-firmware.js';
import { testJobId, type TestRunJob, type TestRunResult } from './test-job.js';

export interface TestOutcome { passed: boolean; reasons: string[]; timeS: number; result: Omit<RunResult, 'trace'> | null }
export interface TestCase { file: string; scenario: string; error: string | null; outcomes: TestOutcome[] }
export interface TestReport {
  firmware: { ref: string; version: string; sha256: string }[];
  calibration: { file: string; sha256: string } | null;
  cases: TestCase[];
  total: number;
  failed: number;
  passed: boolean;
  /** The engine that ran the scenarios. */
  engine: string;
}

export interface TestOptions {
  firmware?: string[];
  calibration?: string;
  onCase?: (done: number, total: number) => void;
  /** Embedded engine: worker threads (default one per core). */
  threads?: number;
  /** Run the scenarios on BullMQ over Redis (`hpa worker --redis <url>` computes them). */
  redis?: string;
  engine?: JobEngine;
}

export async function runTestSuite(refs: string[], opts: TestOptions = {}): Promise<TestReport> {
  const firmware = (opts.firmware?.length ? opts.firmware : ['1.1.0']).map((ref) => {
    const ecu = loadEcu(ref);
    return { ref, version: ecu.version, sha256: ecu.info.sha256 };
  });
  const calibration = opts.calibration ? readCalibrationFile(opts.calibration) : undefined;
  const files = loadScenarioFiles(refs);
  const cases: TestCase[] = [];
  const pending = files.flatMap((f) => ('error' in f ? [] : f.variants.filter((v) => v.expect).map((v) => ({ file: f.file, v }))));
  for (const f of files) if ('error' in f) cases.push({ file: f.file, scenario: f.file, error: f.error, outcomes: [] });
  // Every calibration is checked against every firmware here, before a single job is queued.
  if (calibration) for (const fw of firmware) calibratedEcu(fw.ref, calibration);
  const jobFw = firmware.map((fw) => jobFirmware(fw.ref));
  const idOf = (v: (typeof pending)[number]['v'], k: number) => testJobId(v, jobFw[k].sha256, calibration);
  const jobs: JobSpec<TestRunJob>[] = pending.flatMap(({ v }) => firmware.map((_, k) => ({ id: idOf(v, k), kind: 'test-run' as const, payload: { scenario: v, firmware: jobFw[k], calibration } })));
  const runs = new Map<string, TestRunResult>();
  let engineName = '';
  if (jobs.length) {
    await withEngine(opts.engine, { redis: opts.redis, threads: opts.threads }, async (engine) => {
      engineName = engine.name;
      // Progress as the engine reports it (results from Redis arrive together at the end).
      const progress = (p: EngineProgress) => opts.onCase?.(Math.floor((p.done / p.total) * pending.length), pending.length);
      for (const [id, r] of await engine.run<TestRunResult>(jobs, progress)) runs.set(id, r);
    });
  }
  for (const { file, v } of pending) {
    const outcomes = firmware.map((fw, k) => {
      const r = runs.get(idOf(v, k))!;
      if (r.firmwareSha256 !== fw.sha256) throw new JobError(`a worker ran firmware ${r.firmwareSha256.slice(0, 12)}… for ${fw.ref}: workers must have the same build`);
      return { passed: r.passed, reasons: r.reasons, timeS: r.timeS, result: r.result };
    });
    cases.push({ file, scenario: v.name, error: null, outcomes });
  }
  const failed = cases.filter((c) => c.error || c.outcomes.some((o) => !o.passed)).length;
  return {
    firmware, calibration: calibration ? { file: calibration.file, sha256: calibration.sha256 } : null,
    cases, total: cases.length, failed, passed: failed === 0 && cases.length > 0, engine: engineName,
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
