// Report pages for each workbench command: a run set overlaid (`hpa report`, `run --report`),
// a test suite (table + the failing cases overlaid across firmware), a sweep (heat maps).
import { calibratedEcu, resolveScenarioPath } from '../app/run-command.js';
import { EcuController } from '../runner/controller.js';
import { readCalibrationFile, type LoadedCalibration } from '../sim/calibration-file.js';
import type { RunResult } from '../sim/run.js';
import { loadScenarioFile, ScenarioError, type Scenario } from '../sim/scenario.js';
import { reportRun, type ReportData, type ReportHeatmap, type ReportSection } from './report-html.js';
import { runWithSeries } from './run-series.js';
import { METRIC_COLUMNS } from './sweep-metrics.js';
import type { SweepReport } from './sweep.js';
import { caseLabel, type TestReport } from './test-suite.js';

const MAX_SECTIONS = 8;

/** Runs `s` on every firmware × calibration and overlays them in one section. */
export function overlaySection(s: Scenario, firmware: string[], calibrations: (LoadedCalibration | undefined)[]): { section: ReportSection; results: RunResult[] } {
  const runs = firmware.flatMap((fw) => calibrations.map((cal) => {
    const { result, series } = runWithSeries(s, { controller: new EcuController(calibratedEcu(fw, cal)), calibrationSource: cal });
    const label = [fw, cal ? cal.file.split('/').pop() : ''].filter(Boolean).join(' + ');
    return { result, run: reportRun(result, series, label) };
  }));
  return { section: { title: s.name, runs: runs.map((r) => r.run) }, results: runs.map((r) => r.result) };
}

export interface ReportCommandOptions { firmware?: string[]; calibration?: string[]; variant?: string }

/** `hpa report <scenario>`: each selected variant a section, the firmware × calibrations overlaid. */
export function scenarioReport(ref: string, opts: ReportCommandOptions = {}): { data: ReportData; results: RunResult[] } {
  const file = loadScenarioFile(resolveScenarioPath(ref));
  const variants = opts.variant ? file.variants.filter((v) => v.name.includes(opts.variant!)) : file.variants;
  if (variants.length === 0) throw new ScenarioError(file.file, 'variant', `no variant matches "${opts.variant}"`);
  const firmware = opts.firmware?.length ? opts.firmware : ['1.1.0'];
  const calibrations = opts.calibration?.length ? opts.calibration.map((c) => readCalibrationFile(c)) : [undefined];
  const built = variants.slice(0, MAX_SECTIONS).map((v) => overlaySection(v, firmware, calibrations));
  const results = built.flatMap((b) => b.results);
  return {
    data: {
      title: `${file.name}: ${firmware.join(' vs ')}${calibrations[0] ? ` · ${calibrations.map((c) => c!.file).join(' vs ')}` : ''}`,
      subtitle: `${variants.length} variant${variants.length === 1 ? '' : 's'}${variants.length > MAX_SECTIONS ? ` (first ${MAX_SECTIONS} shown)` : ''} · HPA-ECU workbench report`,
      sections: built.map((b) => b.section),
      table: { head: ['run', 'firmware', 'outcome', 'min gap m', 'min TTC s', 'max decel m/s²', 'first FCW s', 'braking onset s'], rows: results.map((r) => [
        r.scenario, r.firmware.version, r.collision ? `COLLISION ${r.impactSpeedKph} km/h` : 'no contact', String(r.minGapM ?? '—'), String(r.minTtcS ?? '—'), String(r.maxDecelMps2),
        String(r.events.find((e) => e.type === 'fcw')?.tS ?? '—'), String(r.events.find((e) => e.type === 'brakingOnset')?.tS ?? '—')]) },
    },
    results,
  };
}

/** `hpa test --report`: the pass/fail table, then the failing cases overlaid across the firmware. */
export function testReportData(r: TestReport, calibration?: string): ReportData {
  const cal = calibration ? readCalibrationFile(calibration) : undefined;
  const failing = r.cases.filter((c) => !c.error && c.outcomes.some((o) => !o.passed)).slice(0, MAX_SECTIONS);
  const byName = new Map<string, Scenario>();
  for (const c of failing) {
    const f = loadScenarioFile(c.file);
    for (const v of f.variants) byName.set(v.name, v);
  }
  return {
    title: `hpa test: ${r.passed ? 'all passed' : `${r.failed} of ${r.total} failed`}`,
    subtitle: `firmware ${r.firmware.map((f) => f.ref).join(', ')}${failing.length ? ' · failing cases below, all firmware overlaid' : ''}`,
    table: { head: ['scenario', ...r.firmware.map((f) => f.ref)], rows: r.cases.map((c) => [caseLabel(c), ...r.firmware.map((_, i) => (c.error ? `ERROR ${c.error}` : c.outcomes[i].passed ? 'PASS' : `FAIL ${c.outcomes[i].reasons.join('; ')}`))]) },
    sections: failing.map((c) => overlaySection(byName.get(c.scenario)!, r.firmware.map((f) => f.ref), [cal]).section),
  };
}

const WORSE_WHEN_HIGHER: Record<string, boolean> = { collision: true, impactSpeedKph: true, minGapM: false, minTtcS: false, maxDecelMps2: true, finalSpeedKph: false, firstFcwS: true, firstAebS: true, brakingOnsetS: true, steadyGapMaxError: true, passed: false };

/** Heat maps of every metric over the first two swept parameters, one per firmware and variant. */
export function sweepReportData(s: SweepReport): ReportData {
  const heatmaps: ReportHeatmap[] = [];
  const [px, py] = s.params;
  if (px) {
    for (const fw of s.firmware) for (const variant of new Set(s.rows.map((r) => r.variant))) {
      const rows = s.rows.filter((r) => r.firmware === fw.ref && r.variant === variant);
      const ys = py ? py.values : ['—'];
      const cell = (x: unknown, y: unknown) => rows.find((r) => r.params[px.path] === x && (!py || r.params[py.path] === y));
      heatmaps.push({
        title: `${variant} · firmware ${fw.ref}`, xLabel: px.path, yLabel: py?.path ?? '', xs: px.values, ys,
        metrics: Object.fromEntries(METRIC_COLUMNS.map((m) => [m, ys.map((y) => px.values.map((x) => {
          const v = cell(x, y)?.metrics[m];
          return v === undefined ? null : v;
        }))])),
        higherIsWorse: WORSE_WHEN_HIGHER, initial: s.rows.some((r) => r.metrics.collision) ? 'impactSpeedKph' : 'minGapM',
      });
    }
  }
  return { title: `hpa sweep: ${s.scenario}, ${s.total} runs`, subtitle: `parameters ${s.params.map((p) => `${p.path} (${p.values.length})`).join(' × ')} · firmware ${s.firmware.map((f) => f.ref).join(', ')}`, sections: [], heatmaps };
}
