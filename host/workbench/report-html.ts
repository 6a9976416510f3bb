// One self-contained HTML report (uPlot and its CSS inlined, no network): linked time-series
// panels per section with the runs overlaid, a table per section, heat maps for sweeps.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { formatCalibrationRecord } from '../sim/calibration-record.js';
import type { RunResult } from '../sim/run.js';
import type { SimEvent } from '../sim/simulation.js';
import { REPORT_PAGE_SCRIPT } from './report-page.js';
import { SERIES, type RunSeries } from './run-series.js';

export interface ReportRun { label: string; scenario: string; firmware: string; calibration: string; summary: string; events: SimEvent[]; series: Record<string, (number | null)[]> }
export interface ReportSection { title: string; runs: ReportRun[] }
export interface ReportHeatmap {
  title: string; xLabel: string; yLabel: string; xs: (number | string | boolean)[]; ys: (number | string | boolean)[];
  /** metric → rows (one per y) of cells (one per x). */
  metrics: Record<string, (number | boolean | null)[][]>;
  higherIsWorse: Record<string, boolean>;
  initial?: string;
}
export interface ReportData { title: string; subtitle?: string; sections: ReportSection[]; heatmaps?: ReportHeatmap[]; table?: { head: string[]; rows: string[][] } }

const round = (x: number) => (Number.isFinite(x) ? Math.round(x * 1000) / 1000 : null);

export function outcomeText(r: RunResult): string {
  const gap = r.minGapM === null ? '—' : `${r.minGapM.toFixed(1)} m`;
  return `${r.collision ? `COLLISION at ${r.impactSpeedKph} km/h` : 'no contact'} · min gap ${gap} · max decel ${r.maxDecelMps2.toFixed(1)} m/s²`;
}

export function reportRun(r: RunResult, series: RunSeries, label = r.firmware.version): ReportRun {
  return {
    label, scenario: r.scenario, firmware: r.firmware.version, calibration: formatCalibrationRecord(r.calibration, r.firmware.version), summary: outcomeText(r),
    events: r.events.filter((e) => e.type !== 'engaged'),
    series: Object.fromEntries(SERIES.map((k) => [k, series[k].map(round)])),
  };
}

const require = createRequire(import.meta.url);
const asset = (file: string) => readFileSync(require.resolve(`uplot/dist/${file}`), 'utf8');
const escapeHtml = (s: string) => s.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]!);

const STYLE = `body{font:14px system-ui,sans-serif;margin:16px;color:#222}h1{font-size:20px;margin:0 0 4px}h2{font-size:16px;margin:24px 0 6px}
h3{font-size:12px;font-weight:600;margin:8px 0 0;color:#444}table{border-collapse:collapse;margin:6px 0}td,th{border:1px solid #ccc;padding:2px 6px;font-size:12px;text-align:left}
.heat td{text-align:center;min-width:38px}.sub{color:#555;margin-bottom:12px}`;

export function reportHtml(data: ReportData): string {
  const json = JSON.stringify(data).replace(/</g, '\\u003c');
  const table = data.table
    ? `<table class="summary"><tr>${data.table.head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr>${data.table.rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('')}</table>`
    : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(data.title)}</title>
<style>${asset('uPlot.min.css')}</style><style>${STYLE}</style></head>
<body><h1>${escapeHtml(data.title)}</h1><div class="sub">${escapeHtml(data.subtitle ?? '')}</div>${table}
<div id="hpa-root"></div>
<script id="hpa-data" type="application/json">${json}</script>
<script>${asset('uPlot.iife.min.js')}</script>
<script>${REPORT_PAGE_SCRIPT}</script>
</body></html>
`;
}
