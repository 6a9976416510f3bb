// The HTML report in a real headless Chromium (Debian's, driven by playwright-core): it loads with
// no console error and no network, each panel holds the runs' data (read back from the page),
// the overlay shows both releases, the sweep heat map holds the sweep's figures; screenshots.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSweep } from '../../host/workbench/sweep.js';
import { runWithSeries } from '../../host/workbench/run-series.js';
import { hpa, ROOT, shipped } from '../helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'hpa-wb-report-'));
/** HPA_DOCS_IMG=1 also copies the screenshots into docs/img for docs/workbench.md. */
const publish = (file: string, name: string) => { if (process.env.HPA_DOCS_IMG) { mkdirSync(join(ROOT, 'docs/img'), { recursive: true }); copyFileSync(file, join(ROOT, 'docs/img', name)); } };
let browser: Browser;

async function open(file: string): Promise<{ page: Page; errors: string[]; requests: string[]; renderMs: number }> {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  const errors: string[] = [], requests: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('request', (r) => { if (!r.url().startsWith('file:')) requests.push(r.url()); });
  const t0 = performance.now();
  await page.goto(`file://${file}`);
  await page.waitForFunction(() => (window as unknown as { hpaReport?: { ready: boolean } }).hpaReport?.ready === true, undefined, { timeout: 60_000 });
  return { page, errors, requests, renderMs: performance.now() - t0 };
}

beforeAll(async () => { browser = await chromium.launch({ executablePath: '/usr/lib/chromium/chromium' }); });
afterAll(async () => { await browser?.close(); });

describe('hpa report: 1.0.0 against 1.1.0 on the recall accident', () => {
  const html = join(dir, 'recall.html');
  const scenario = shipped('recall-accident-116kph.json')[0];
  const old = runWithSeries(scenario, { firmware: '1.0.0' });
  const now = runWithSeries(scenario, { firmware: '1.1.0' });

  it('loads with no console error and no network request; every panel holds both runs', async () => {
    const r = hpa(['report', 'recall-accident-116kph', '-f', '1.0.0,1.1.0', '-o', html]);
    expect(r.status).toBe(0);
    const { page, errors, requests, renderMs } = await open(html);
    console.log(`report render: ${renderMs.toFixed(0)} ms for ${statSync(html).size} bytes`);
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    const panels = await page.evaluate(() => {
      const s = (window as any).hpaReport.sections[0];
      return Object.fromEntries(Object.entries(s.plots).map(([k, u]: [string, any]) => [k, { labels: u.series.slice(1).map((x: any) => x.label), data: u.data }]));
    });
    expect(Object.keys(panels)).toEqual(['speeds', 'gap', 'accel', 'threat', 'bands']);
    expect(panels.speeds.labels).toEqual(['egoKph · 1.0.0', 'leadKph · 1.0.0', 'targetKph · 1.0.0', 'capKph · 1.0.0', 'egoKph · 1.1.0', 'leadKph · 1.1.0', 'targetKph · 1.1.0', 'capKph · 1.1.0']);
    // One shared x-axis: 10 ms cycles up to the longer run; the crash ends 1.0.0's series early.
    expect(panels.speeds.data[0]).toHaveLength(now.result.cycles);
    const nonNull = (xs: (number | null | undefined)[]) => xs.filter((x) => x !== null && x !== undefined).length;
    expect(nonNull(panels.speeds.data[1])).toBe(old.result.cycles);
    expect(nonNull(panels.speeds.data[5])).toBe(now.result.cycles);
    for (const i of [0, 1000, 4000, old.result.cycles - 1]) expect(panels.speeds.data[1][i]).toBeCloseTo(old.series.egoKph[i], 2);
    for (const i of [0, 3000, 5999]) expect(panels.gap.data[3][i]).toBeCloseTo(now.series.gapM[i], 2);
    for (const i of [4490, 4600]) expect(panels.accel.data[1][i]).toBeCloseTo(old.series.accelCmdMps2[i], 2);
    expect(nonNull(panels.threat.data[1])).toBe(old.result.cycles);
    // The FCW lane of 1.0.0 is raised exactly while its FCW output is on.
    const fcwLane = panels.bands.data[2] as number[];
    expect(fcwLane.filter((v, i) => i < old.result.cycles && v > Math.floor(v) + 0.5).length).toBe(old.series.fcw.filter((x) => x > 0).length);
    const events = await page.evaluate(() => (window as any).hpaReport.sections[0].runs.map((r: any) => r.events.map((e: any) => e.type)));
    expect(events[0]).toEqual(expect.arrayContaining(['fcw', 'brakingOnset', 'collision']));
    expect(events[1]).not.toContain('collision');
    const png = join(dir, 'report-overlay.png');
    await page.screenshot({ path: png, fullPage: true });
    expect(readFileSync(png).subarray(1, 4).toString()).toBe('PNG');
    publish(png, 'report-overlay.png');
    await page.close();
  });

  it('zooming one panel zooms all (one x-axis)', async () => {
    const { page } = await open(html);
    const ranges = await page.evaluate(async () => {
      const plots = Object.values((window as any).hpaReport.sections[0].plots) as any[];
      plots[0].setScale('x', { min: 40, max: 48 });
      await new Promise((r) => setTimeout(r, 100)); // uPlot commits on a microtask
      return plots.map((u) => [u.scales.x.min, u.scales.x.max]);
    });
    for (const r of ranges) expect(r).toEqual([40, 48]);
    await page.close();
  });
});

describe('hpa sweep --report: a heat map over two parameters', () => {
  it('holds the sweep figure of every point', async () => {
    const html = join(dir, 'sweep.html');
    const out = join(dir, 'sweep.jsonl');
    const r = hpa(['sweep', 'euro-ncap-ccrs', '--variant', '=50', '-p', 'ego.speedKph=40,60,80', '-p', 'calibration.fcwTtcS=1.5,3', '-f', '1.0.0', '-o', out, '--report', html]);
    expect(r.status).toBe(0);
    const sweep = await runSweep({ scenario: 'euro-ncap-ccrs', variant: '=50', params: ['ego.speedKph=40,60,80', 'calibration.fcwTtcS=1.5,3'], firmware: ['1.0.0'], out });
    expect(sweep.ran).toBe(0); // all resumed from the CLI's results file
    const { page, errors } = await open(html);
    expect(errors).toEqual([]);
    const cells = await page.evaluate(() => {
      const h = (window as any).hpaReport.heatmaps[0];
      h.select.value = 'minGapM';
      h.select.dispatchEvent(new Event('change'));
      return [...h.table.querySelectorAll('tr')].slice(1).map((tr: any) => [...tr.querySelectorAll('td')].map((td: any) => td.dataset.value));
    });
    expect(cells).toHaveLength(2); // fcwTtcS values (rows) × ego speeds (columns)
    for (const [yi, y] of [1.5, 3].entries()) for (const [xi, x] of [40, 60, 80].entries()) {
      const row = sweep.rows.find((p) => p.params['ego.speedKph'] === x && p.params['calibration.fcwTtcS'] === y)!;
      expect(cells[yi][xi]).toBe(String(row.metrics.minGapM));
    }
    const png = join(dir, 'sweep-heatmap.png');
    await page.screenshot({ path: png, clip: { x: 0, y: 0, width: 640, height: 220 } });
    publish(png, 'sweep-heatmap.png');
    await page.close();
  });
});
