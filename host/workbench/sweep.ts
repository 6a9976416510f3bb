// `hpa sweep`: runs every point of a grid (scenario fields × calibration values × firmware) on
// worker threads, one per core, appending each result to a resumable results file.
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { Worker } from 'node:worker_threads';
import { calibratedEcu, resolveScenarioPath } from '../app/run-command.js';
import { loadEcu } from '../app/load-firmware.js';
import { resolveFirmware } from '../ecu/firmware.js';
import { startModuleWorker } from '../realtime/start-worker.js';
import { readCalibrationFile } from '../sim/calibration-file.js';
import type { PointMetrics } from './sweep-metrics.js';
import { SweepResultsFile } from './sweep-results.js';
import type { ImportOptions } from '../xosc/load.js';
import { scenarioOfPoint, sweepScenarios, type SweepScenarios } from './sweep-scenarios.js';
import { expandPoints, isCalibrationPath, parseParam, pointCalibration, type ParamValue, type SweepParam, type SweepPoint } from './sweep-spec.js';
import type { SweepWorkerInit } from './sweep-worker.js';

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
  threads?: number;
  /** Points per message to a worker (smaller: finer progress and less lost on a kill). */
  batch?: number;
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
  const threads = Math.max(1, Math.min(opts.threads ?? availableParallelism(), pending.length));
  if (pending.length) {
    const init: SweepWorkerInit = {
      file: loaded.file, scenarios: loaded.scenarios, imported: loaded.imported, baseCalibration: base?.values,
      firmware: Object.fromEntries(firmwareRefs.map((ref) => { const img = resolveFirmware(ref); return [ref, { bytes: img.bytes, info: img.info }]; })),
    };
    let finished = resumed;
    await runOnWorkers(pending, init, threads, opts.batch ?? 8, (batch) => {
      results.append(batch);
      finished += batch.length;
      opts.onProgress?.(finished, points.length);
    });
  }
  const elapsedS = (performance.now() - started) / 1000;
  const rows = points.map((p) => ({ ...p, metrics: results.done.get(p.id)! }));
  return {
    scenario: loaded.name, file: loaded.file, params, firmware, calibration: base ? { file: base.file, sha256: base.sha256 } : null, out: opts.out,
    total: points.length, resumed, ran: pending.length, threads, elapsedS: +elapsedS.toFixed(3), runsPerS: +(pending.length / elapsedS).toFixed(1), rows,
  };
}

/** Feeds batches to a pool of workers; `onBatch` gets each finished batch in the main thread. */
async function runOnWorkers(points: SweepPoint[], init: SweepWorkerInit, threads: number, batch: number, onBatch: (done: { id: string; metrics: PointMetrics }[]) => void): Promise<void> {
  const url = new URL('./sweep-worker.js', import.meta.url);
  const workers: Worker[] = Array.from({ length: threads }, () => startModuleWorker(url, init));
  let next = 0;
  try {
    await Promise.all(workers.map((w) => new Promise<void>((resolve, reject) => {
      w.on('error', reject);
      w.on('exit', (code) => { if (code !== 0) reject(new Error(`sweep worker exited with code ${code}`)); });
      const feed = () => {
        if (next >= points.length) { resolve(); return; }
        const slice = points.slice(next, next + batch);
        next += slice.length;
        w.postMessage(slice);
      };
      w.on('message', (m: 'ready' | { id: string; metrics: PointMetrics }[]) => {
        if (m !== 'ready') onBatch(m);
        feed();
      });
    })));
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
