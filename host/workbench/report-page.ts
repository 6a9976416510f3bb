// The script of the HTML report page (runs in the browser, next to the inlined uPlot). It reads
// the embedded JSON, draws linked panels per section (one x-axis, cursor and zoom shared),
// overlays the runs of a section (solid, dashed, dotted), marks the events, and draws heat maps.
// `window.hpaReport` exposes the plots so a test can read the drawn data back.
export const REPORT_PAGE_SCRIPT = String.raw`
(function () {
  const D = JSON.parse(document.getElementById('hpa-data').textContent);
  const COLORS = { egoKph: '#1f77b4', leadKph: '#d62728', targetKph: '#2ca02c', capKph: '#ff7f0e', gapM: '#1f77b4', desiredGapM: '#2ca02c',
    accelCmdMps2: '#9467bd', accelMps2: '#1f77b4', ttcS: '#d62728', requiredDecelMps2: '#8c564b' };
  const DASH = [undefined, [8, 4], [2, 3], [12, 3, 2, 3]];
  const BANDS = [['mode', 'mode', '#7f7f7f'], ['fcw', 'FCW', '#ff7f0e'], ['aeb', 'AEB', '#d62728'], ['takeover', 'takeover', '#9467bd'], ['handsOff', 'hands-off', '#8c564b'], ['eyesOff', 'eyes-off', '#e377c2']];
  const PANELS = [
    { id: 'speeds', title: 'Speed [km/h]: ego, lead, target, cap', cols: ['egoKph', 'leadKph', 'targetKph', 'capKph'] },
    { id: 'gap', title: 'Gap [m] and the desired gap', cols: ['gapM', 'desiredGapM'] },
    { id: 'accel', title: 'Acceleration [m/s²]: commanded and actual', cols: ['accelCmdMps2', 'accelMps2'] },
    { id: 'threat', title: 'TTC [s] (left) and required deceleration [m/s²] (right)', cols: ['ttcS', 'requiredDecelMps2'], scales: { requiredDecelMps2: 'decel' } },
    { id: 'bands', title: 'Mode and warnings', cols: BANDS.map((b) => b[0]), bands: true },
  ];
  const report = { sections: [], heatmaps: [], ready: false };
  window.hpaReport = report;
  const root = document.getElementById('hpa-root');
  const el = (tag, attrs, text) => { const e = document.createElement(tag); Object.assign(e, attrs || {}); if (text !== undefined) e.textContent = text; return e; };
  const width = () => Math.min(root.clientWidth || 1100, 1400) - 20;

  function bandValue(col, lane, v) {
    if (v === null) return null;
    if (col === 'mode') return lane + 0.85 * v / 6;
    return lane + (v > 0 ? 0.85 : 0);
  }

  function eventsPlugin(runs, labels) {
    return { hooks: { draw: [(u) => {
      const ctx = u.ctx;
      ctx.save();
      runs.forEach((run, k) => {
        ctx.strokeStyle = k === 0 ? 'rgba(0,0,0,0.45)' : 'rgba(0,0,160,0.45)';
        ctx.setLineDash(k === 0 ? [3, 3] : [1, 3]);
        ctx.fillStyle = ctx.strokeStyle;
        ctx.font = (9 * devicePixelRatio) + 'px sans-serif';
        for (const e of run.events) {
          const x = Math.round(u.valToPos(e.tS, 'x', true));
          if (x < u.bbox.left || x > u.bbox.left + u.bbox.width) continue;
          ctx.beginPath(); ctx.moveTo(x, u.bbox.top); ctx.lineTo(x, u.bbox.top + u.bbox.height); ctx.stroke();
          if (labels) { ctx.save(); ctx.translate(x + 3, u.bbox.top + 4); ctx.rotate(Math.PI / 2); ctx.fillText(e.type, 0, 0); ctx.restore(); }
        }
      });
      ctx.restore();
    }] } };
  }

  function drawSection(section, index) {
    const box = el('section', { className: 'run-section' });
    box.appendChild(el('h2', {}, section.title));
    const legend = el('table', { className: 'runs' });
    legend.innerHTML = '<tr><th>line</th><th>run</th><th>firmware</th><th>calibration</th><th>outcome</th></tr>';
    section.runs.forEach((r, k) => {
      const tr = el('tr');
      [['solid', 'dashed', 'dotted', 'dash-dot'][k] || '', r.scenario, r.firmware, r.calibration, r.summary].forEach((t) => tr.appendChild(el('td', {}, t)));
      legend.appendChild(tr);
    });
    box.appendChild(legend);
    root.appendChild(box);
    const tables = section.runs.map((r) => [r.series.tS, ...PANELS.flatMap((p) => p.cols.map((c) => r.series[c]))]);
    const joined = section.runs.length > 1 ? uPlot.join(tables) : tables[0];
    const perRun = PANELS.reduce((n, p) => n + p.cols.length, 0);
    const plots = {};
    const group = [];
    let syncing = false;
    let offset = 0;
    PANELS.forEach((panel, pi) => {
      const series = [{ label: 't [s]' }];
      const data = [joined[0]];
      section.runs.forEach((run, k) => {
        panel.cols.forEach((c, ci) => {
          const raw = joined[1 + k * perRun + offset + ci];
          data.push(panel.bands ? raw.map((v) => bandValue(c, panel.cols.length - 1 - ci, v)) : raw);
          const band = panel.bands ? BANDS[ci] : null;
          series.push({ label: (band ? band[1] : c) + (section.runs.length > 1 ? ' · ' + run.label : ''), stroke: band ? band[2] : COLORS[c], width: 1.5,
            dash: DASH[k % DASH.length], scale: (panel.scales && panel.scales[c]) || 'y', spanGaps: false,
            paths: panel.bands ? uPlot.paths.stepped({ align: 1 }) : undefined });
        });
      });
      const axes = [{}, panel.bands
        ? { splits: () => panel.cols.map((_, i) => i + 0.4), values: () => panel.cols.map((_, i) => BANDS[panel.cols.length - 1 - i][1]), size: 80 }
        : { size: 60 }];
      const scales = { x: { time: false } };
      if (panel.scales) { axes.push({ scale: 'decel', side: 1, size: 50 }); scales.decel = { auto: true }; }
      if (panel.bands) scales.y = { auto: false, range: [0, panel.cols.length] };
      const target = el('div', { className: 'panel', id: 'panel-' + index + '-' + panel.id });
      target.appendChild(el('h3', {}, panel.title));
      box.appendChild(target);
      const u = new uPlot({ width: width(), height: panel.bands ? 170 : 200, series, axes, scales,
        cursor: { sync: { key: 'hpa-section-' + index, setSeries: false } },
        plugins: [eventsPlugin(section.runs, pi === 0)],
        hooks: { setScale: [(self, key) => {
          if (key !== 'x' || syncing) return;
          syncing = true;
          for (const other of group) if (other !== self) other.setScale('x', { min: self.scales.x.min, max: self.scales.x.max });
          syncing = false;
        }] } }, data, target);
      group.push(u);
      plots[panel.id] = u;
      offset += panel.cols.length;
    });
    report.sections.push({ title: section.title, plots, runs: section.runs.map((r) => ({ label: r.label, scenario: r.scenario, firmware: r.firmware, cycles: r.series.tS.length, events: r.events })) });
  }

  function color(t) { // 0 → green, 1 → red
    const h = 120 * (1 - Math.max(0, Math.min(1, t)));
    return 'hsl(' + h + ', 70%, 55%)';
  }

  function drawHeatmap(h, index) {
    const box = el('section', { className: 'heatmap', id: 'heatmap-' + index });
    box.appendChild(el('h2', {}, h.title));
    const select = el('select');
    Object.keys(h.metrics).forEach((m) => select.appendChild(el('option', { value: m }, m)));
    box.appendChild(select);
    const table = el('table', { className: 'heat' });
    box.appendChild(table);
    const render = () => {
      const m = select.value;
      const values = h.metrics[m];
      const flat = values.flat().filter((v) => v !== null);
      const lo = Math.min(...flat), hi = Math.max(...flat);
      table.innerHTML = '';
      const head = el('tr');
      head.appendChild(el('th', {}, h.yLabel + ' \\ ' + h.xLabel));
      h.xs.forEach((x) => head.appendChild(el('th', {}, String(x))));
      table.appendChild(head);
      h.ys.forEach((y, yi) => {
        const tr = el('tr');
        tr.appendChild(el('th', {}, String(y)));
        h.xs.forEach((x, xi) => {
          const v = values[yi][xi];
          const td = el('td', {}, v === null ? '—' : (typeof v === 'boolean' ? String(v) : String(+(+v).toFixed(2))));
          td.dataset.value = v === null ? '' : String(v);
          td.style.background = v === null ? '#eee' : color(hi > lo ? ((+v) - lo) / (hi - lo) * (h.higherIsWorse[m] ? 1 : -1) + (h.higherIsWorse[m] ? 0 : 1) : 0);
          tr.appendChild(td);
        });
        table.appendChild(tr);
      });
    };
    select.addEventListener('change', render);
    select.value = h.initial || Object.keys(h.metrics)[0];
    render();
    root.appendChild(box);
    report.heatmaps.push({ title: h.title, table, select });
  }

  (D.sections || []).forEach(drawSection);
  (D.heatmaps || []).forEach(drawHeatmap);
  report.ready = true;
})();
`;
