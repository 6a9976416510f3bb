// Plots of a run for controls engineers: speed (with target and dynamic cap), gap and TTC,
// commanded and actual acceleration, with the events marked — one SVG, rendered by Vega-Lite.
import type * as vl from 'vega-lite';
import type { RunResult } from '../sim/run.js';

const MARKED = new Set(['fcw', 'aeb', 'takeoverRequest', 'driverTakeover', 'hor', 'horEscalated', 'eyesOffWarning', 'takeControlNow', 'mrm', 'fault', 'collision']);

function panel(title: string, unit: string, series: string[], rows: Record<string, number>[], events: { tS: number; type: string }[]): object {
  const values = rows.flatMap((r) => series.filter((s) => Number.isFinite(r[s])).map((s) => ({ tS: r.tS, value: r[s], series: s })));
  return {
    title, width: 760, height: 150,
    layer: [
      { data: { values }, mark: { type: 'line', strokeWidth: 1.5 }, encoding: {
        x: { field: 'tS', type: 'quantitative', title: 't [s]' },
        y: { field: 'value', type: 'quantitative', title: unit },
        color: { field: 'series', type: 'nominal', title: null } } },
      { data: { values: events }, mark: { type: 'rule', strokeDash: [3, 3], color: '#999' }, encoding: { x: { field: 'tS', type: 'quantitative' } } },
      { data: { values: events }, mark: { type: 'text', angle: 270, align: 'left', dx: 3, dy: -4, fontSize: 9, color: '#555' },
        encoding: { x: { field: 'tS', type: 'quantitative' }, y: { value: 0 }, text: { field: 'type' } } },
    ],
  };
}

export async function plotRunSvg(r: RunResult): Promise<string> {
  if (!r.trace) throw new Error('plotRunSvg needs a run with a trace');
  const cols = r.trace.columns;
  const rows = r.trace.rows.map((row) => Object.fromEntries(cols.map((c, i) => [c, row[i]])) as Record<string, number>);
  // Events of the same instant share one marker and label.
  const byTime = new Map<number, string[]>();
  for (const e of r.events) if (MARKED.has(e.type)) byTime.set(e.tS, [...(byTime.get(e.tS) ?? []), e.type]);
  const events = [...byTime].map(([tS, types]) => ({ tS, type: types.join(' + ') }));
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: `${r.scenario} — firmware ${r.firmware.version}${r.collision ? ` — COLLISION at ${r.impactSpeedKph} km/h` : ' — no contact'}`,
    resolve: { scale: { color: 'independent' } },
    vconcat: [
      panel('Speed', 'km/h', ['egoSpeedKph', 'targetSpeedKph', 'capKph'], rows.map((x) => ({ ...x, capKph: x.capKph < 250 ? x.capKph : NaN })), events),
      panel('Gap to the in-path object', 'm', ['gapM'], rows, events),
      panel('Acceleration', 'm/s²', ['accelCmdMps2', 'accelMps2'], rows, events),
    ],
  } as unknown as vl.TopLevelSpec;
  // Loaded on first use: the plotting stack is large and most commands never plot.
  const [vega, vegaLite] = await Promise.all([import('vega'), import('vega-lite')]);
  const view = new vega.View(vega.parse(vegaLite.compile(spec).spec), { renderer: 'none' });
  return view.toSVG();
}
