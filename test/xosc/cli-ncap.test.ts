// `hpa run <file.xosc> --json` on the team's Euro NCAP encodings (scenarios/xosc/) prints what
// `hpa run` prints for the shipped native grids: {scenario, runs}, one run per grid point, each run
// with the same fields, and the same collision verdicts, impact speeds and minimum gaps (run as the
// native files are: pilot engaged, their sensor seed, the whole duration).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCENARIO_DIR } from '../../host/sim/library.js';
import { hpa } from '../helpers.js';

type Run = Record<string, unknown>;
const runJson = (args: string[]): { scenario: string; runs: Run[] } => {
  const r = hpa(['run', ...args, '--json']);
  // Only notes (what the file holds that the simulation does not use) on stderr.
  expect(r.stderr.split('\n').filter((l) => l && !l.startsWith('hpa: note: '))).toEqual([]);
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout);
};
const outcome = (r: Run) => JSON.stringify([r.collision, r.impactSpeedKph, r.minGapM]);

describe.each([
  ['euro-ncap-ccrs', 21, 15],
  ['euro-ncap-ccrm', 22, 16],
  ['euro-ncap-ccrb', 23, 4],
])('hpa run scenarios/xosc/%s.xosc --json', (name, seed, points) => {
  it(`gives the native file's ${points} runs with the same fields and outcomes`, () => {
    const native = runJson([join(SCENARIO_DIR, `${name}.json`)]);
    const imported = runJson([join(SCENARIO_DIR, 'xosc', `${name}.xosc`), '--ego-mode', 'engaged', '--seed', String(seed), '--param', 'ProtocolEnd=false']);
    expect(imported.scenario).toBe(name);
    expect(imported.runs).toHaveLength(points);
    expect(native.runs).toHaveLength(points);
    for (const run of imported.runs) expect(Object.keys(run).sort()).toEqual(Object.keys(native.runs[0]).sort());
    expect(imported.runs.map(outcome).sort()).toEqual(native.runs.map(outcome).sort());
  });
});
