// Euro NCAP AEB Car-to-Car points for the AEB-only grids (pilot off, passive driver): each run is
// banded on its relative impact speed as a share of the test's closing speed, and the band gives
// points (green 1, yellow 0.75, orange 0.5, brown 0.25, red 0). The band limits are domain.md §4's
// 50 km/h figures (green < 5, yellow < 15, orange < 30, brown < 40 km/h) scaled with the test speed.
import { join } from 'node:path';
import { SCENARIO_DIR } from './library.js';
import { runScenario } from './run.js';
import { loadScenarioFile, type Scenario } from './scenario.js';

export const BANDS = [
  { name: 'green', belowShare: 0.1, points: 1 },
  { name: 'yellow', belowShare: 0.3, points: 0.75 },
  { name: 'orange', belowShare: 0.6, points: 0.5 },
  { name: 'brown', belowShare: 0.8, points: 0.25 },
  { name: 'red', belowShare: Infinity, points: 0 },
] as const;

/** Grid → the scenario files that make it up (the AEB-only versions of the protocol's grids). */
export const AEB_GRIDS = [
  { grid: 'CCRs 10–80 km/h', files: ['euro-ncap-aeb-ccrs.json', 'euro-ncap-aeb-ccrs-offset.json', 'euro-ncap-aeb-ccrs-high.json'] },
  { grid: 'CCRm 30–80 km/h (target 20)', files: ['euro-ncap-aeb-ccrm.json'] },
  { grid: 'CCRb 50/50 km/h, 12 or 40 m, −2 or −6 m/s²', files: ['euro-ncap-aeb-ccrb.json'] },
  { grid: '2026 CCRm 90–130 km/h (target −60)', files: ['euro-ncap-aeb-2026-ccrm.json'] },
  { grid: '2026 CCRb 30–130 km/h, 1 s, −4 m/s²', files: ['euro-ncap-aeb-2026-ccrb.json'] },
] as const;

export interface ScoredRun { scenario: string; testSpeedKph: number; impactSpeedKph: number | null; band: string; points: number }
export interface GridScore { grid: string; runs: number; avoided: number; points: number; maxPoints: number; percent: number; worstImpactKph: number | null; results: ScoredRun[] }

/** Closing speed the run is scored against: ego minus the slowest the target becomes. */
export function testSpeedKph(s: Scenario): number {
  const target = s.objects?.[0];
  let slowest = target?.speedKph ?? 0;
  for (const m of target?.maneuvers ?? []) if (m.accelMps2 !== undefined && m.accelMps2 < 0) slowest = Math.min(slowest, m.untilSpeedKph ?? 0);
  return s.ego.speedKph - slowest;
}

export function bandOf(impactSpeedKph: number | null, testKph: number): (typeof BANDS)[number] {
  const share = impactSpeedKph === null ? 0 : impactSpeedKph / Math.max(testKph, 1e-9);
  return BANDS.find((b) => share < b.belowShare)!;
}

export function scoreAebGrids(firmware: string, dir = SCENARIO_DIR): GridScore[] {
  return AEB_GRIDS.map(({ grid, files }) => {
    const results: ScoredRun[] = [];
    for (const f of files) for (const s of loadScenarioFile(join(dir, f)).variants) {
      const r = runScenario(s, { firmware });
      const test = testSpeedKph(s);
      const band = bandOf(r.impactSpeedKph, test);
      results.push({ scenario: s.name, testSpeedKph: test, impactSpeedKph: r.impactSpeedKph, band: band.name, points: band.points });
    }
    const points = results.reduce((a, r) => a + r.points, 0);
    const impacts = results.map((r) => r.impactSpeedKph).filter((x): x is number => x !== null);
    return {
      grid, runs: results.length, avoided: results.filter((r) => r.impactSpeedKph === null).length,
      points: +points.toFixed(2), maxPoints: results.length, percent: +(100 * points / Math.max(results.length, 1)).toFixed(1),
      worstImpactKph: impacts.length ? Math.max(...impacts) : null, results,
    };
  });
}

/** The markdown table docs/safety.md shows (one row per grid). */
export function scoreMarkdown(firmware: string, scores: GridScore[]): string {
  const rows = scores.map((g) => `| ${firmware} | ${g.grid} | ${g.runs} | ${g.avoided} | ${g.points} / ${g.maxPoints} | ${g.percent} % | ${g.worstImpactKph ?? '—'} |`);
  const total = scores.reduce((a, g) => a + g.points, 0), max = scores.reduce((a, g) => a + g.maxPoints, 0);
  rows.push(`| ${firmware} | **all** | ${max} | ${scores.reduce((a, g) => a + g.avoided, 0)} | ${+total.toFixed(2)} / ${max} | ${(100 * total / max).toFixed(1)} % | |`);
  return rows.join('\n');
}

export const SCORE_HEADER = '| firmware | grid | runs | no contact | points | score | worst impact [km/h] |\n|---|---|---|---|---|---|---|';

