// `hpa sweep`: runs every point of a grid (scenario fields × calibration values × firmware) as
// keyed jobs on a job engine (worker threads, one per core, or BullMQ over Redis), appending each
// result to a resumable results file.
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { calibratedEcu, resolveScenarioPath } from '../app/run-command.js';
import { loadEcu } from '../app/load-firmware.js';
import { withEngine } from '../jobs/engine.js';
import { shownUrl } from '../jobs/redis-url.js';
import { jobFirmware, type JobFirmware } from '../jobs/job-firmware.js';
import { JobError, type JobEngine, type JobSpec } from '../jobs/types.js';
import { readCalibrationFile } from '../sim/calibration-file.js';
import type { PointMetrics } from './sweep-metrics.js';
import { SweepResultsFile } from './sweep-results.js';
import type { ImportOptions } from '../xosc/load.js';
import { scenarioOfPoint, sweepScenarios, type SweepScenarios } from './sweep-scenarios.js';
import { expandPoints, isCalibrationPath, parseParam, pointCalibration, type ParamValue, type SweepParam, type SweepPoint } from './sweep-spec.js';
import { sweepJobId, type SweepPointJob, type SweepPointResult } from './sweep-job.js';

export interface SweepOptions {
  /** Scenario file or shipped name (.json/.yaml, or .xosc: then the paths name its ParameterDeclarations). */
  scenario: string;
  /** OpenSCENARIO import options (ego, ego mode, seed): docs/openscenario.md. */
  xosc?: ImportOptions;
  /** `path=v1,v2` / `path=lo..hi/n`, or parsed params. */
  params?: (string | SweepParam)[];
  firmware?: string[];
  /** Base calibration file; swept `calibration.*` values go on top. */
  calibration?: string;
  /** Only the scenario's own variants whose name contains this. */
  variant?: string;
  /** The append-only results file (JSON lines). */
  out: string;
  /** Discard earlier results in `out` instead of resuming. */
  fresh?: boolean;
  /** Embedded engine: worker threads (default one per core). */
  threads?: number;
  /** Run the points on BullMQ over Redis (`hpa worker --redis <url>` computes them). */
  redis?: string;
  /** An engine already started (tests, or a caller running several commands on one engine). */
  engine?: JobEngine;
  /** Told what an imported (.xosc) file holds that the simulation does not use. */
  onNote?: (note: string) => void;
  onStart?: (total: number, alreadyDone: number) => void;
  onProgress?: (done: number, total: number) => void;
}

export interface SweepRow { id: string; index: number; variant: string; firmware: string; params: Record<string, ParamValue>; metrics: PointMetrics }
export interface SweepReport {
  scenario: string;
  file: string;
  params: SweepParam[];
  firmware: { ref: string; version: string; sha256: string }[];
  calibration: { file: string; sha256: string } | null;
  out: string;
  total: number;
  /** Points found finished in the results file at the start. */
  resumed: number;
  ran: number;
  threads: number;
  /** The engine that ran the points ("embedded (2 threads)", "BullMQ on redis://…"). */
  engine: string;
  elapsedS: number;
  runsPerS: number;
  rows: SweepRow[];
}

/** Checks every distinct scenario and calibration of the grid before a single run starts. */
function validatePoints(points: SweepPoint[], scenarios: SweepScenarios, base: ReturnType<typeof readCalibrationFile> | undefined): void {
  const seenScenario = new Set<string>(), seenCal = new Set<string>();
  for (const p of points) {
    const scenarioParams = Object.fromEntries(Object.entries(p.params).filter(([k]) => !isCalibrationPath(k)));
    const sKey = JSON.stringify([p.variant, scenarioParams]);
    if (!seenScenario.has(sKey)) { seenScenario.add(sKey); scenarioOfPoint(scenarios, p); }
    const calParams = Object.fromEntries(Object.entries(p.params).filter(([k]) => isCalibrationPath(k)));
    const cKey = JSON.stringify([p.firmware, calParams]);
    if (!seenCal.has(cKey)) {
      seenCal.add(cKey);
      calibratedEcu(p.firmware, { file: base?.file ?? `--param ${Object.keys(calParams).join(',')}`, sha256: base?.sha256 ?? '', values: pointCalibration(base?.values, calParams) });
    }
  }
}

export async function runSweep(opts: SweepOptions): Promise<SweepReport> {
  const started = performance.now();
  const params = (opts.params ?? []).map((p) => (typeof p === 'string' ? parseParam(p) : p));
  const loaded = sweepScenarios(resolveScenarioPath(opts.scenario), params, opts.variant, opts.xosc);
  for (const note of loaded.notes) opts.onNote?.(note);
  const firmwareRefs = opts.firmware?.length ? opts.firmware : ['1.1.0'];
  const firmware = firmwareRefs.map((ref) => { const e = loadEcu(ref); return { ref, version: e.version, sha256: e.info.sha256 }; });
  const base = opts.calibration ? readCalibrationFile(opts.calibration) : undefined;
  const points = expandPoints(loaded.variantNames, firmware, params, base?.sha256 ?? null);
  validatePoints(points, loaded, base);

  const results = SweepResultsFile.open(opts.out, opts.fresh);
  const pending = points.filter((p) => !results.done.has(p.id));
  const resumed = points.length - pending.length;
  opts.onStart?.(points.length, resumed);
  const threads = opts.redis ? 0 : Math.max(1, Math.min(opts.threads ?? availableParallelism(), pending.length));
  let engineName = opts.engine?.name ?? (opts.redis ? `BullMQ on ${shownUrl(opts.redis)}` : `embedded (${threads} thread${threads === 1 ? '' : 's'})`);
  if (pending.length) {
    const firmware: Record<string, JobFirmware> = Object.fromEntries(firmwareRefs.map((ref) => [ref, jobFirmware(ref)]));
    // A job carries the point's own scenario (swept fields and imported parameters applied) and calibration.
    const jobs: JobSpec<SweepPointJob>[] = pending.map((p) => {
      const scenario = scenarioOfPoint(loaded, p);
      return { id: sweepJobId(p.id, scenario), kind: 'sweep-point', payload: { scenario, calibration: pointCalibration(base?.values, p.params), firmware: firmware[p.firmware] } };
    });
    const pointOf = new Map(jobs.map((j, k) => [j.id, pending[k]]));
    await withEngine(opts.engine, { redis: opts.redis, threads }, async (engine) => {
      engineName = engine.name;
      // Each result is appended as it arrives (embedded) so a killed sweep resumes; on Redis the results stay stored there too.
      await engine.run<SweepPointResult>(jobs, (pr) => opts.onProgress?.(resumed + pr.done, points.length), (id, r) => {
        const p = pointOf.get(id)!;
        if (r.firmwareSha256 !== firmware[p.firmware].sha256) throw new JobError(`a worker ran firmware ${r.firmwareSha256.slice(0, 12)}… for ${p.firmware}: workers must have the same build`);
        results.append([{ id: p.id, metrics: r.metrics }]);
      });
    });
  }
  const elapsedS = (performance.now() - started) / 1000;
  const rows = points.map((p) => ({ ...p, metrics: results.done.get(p.id)! }));
  return {
    scenario: loaded.name, file: loaded.file, params, firmware, calibration: base ? { file: base.file, sha256: base.sha256 } : null, out: opts.out,
    total: points.length, resumed, ran: pending.length, threads, engine: engineName, elapsedS: +elapsedS.toFixed(3), runsPerS: +(pending.length / elapsedS).toFixed(1), rows,
  };
}
