// tools/iso-attribution.ts, which docs/validation.md quotes, runs and accounts for every flagged
// episode: the three classes add up to the episodes it reports.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';

describe('tools/iso-attribution.ts', () => {
  it('classifies the first violation of every flagged episode (1.0.0, seed 2030, 40 episodes)', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'tools/iso-attribution.ts'), '--episodes', '40', '--firmware', '1.0.0'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const flagged = Number(/: (\d+) episodes with an ISO 15622 violation/.exec(r.stdout)![1]);
    const classes = [/after FCW\/AEB: (\d+)/, /no warning near: (\d+)/, /the ACC's own: (\d+)/].map((re) => Number(re.exec(r.stdout)![1]));
    expect(flagged).toBeGreaterThan(0);
    expect(classes.reduce((a, b) => a + b, 0)).toBe(flagged);
  }, 120_000);

  it('a firmware that does not load or a bad count: one line, exit 2, no stack trace', () => {
    for (const args of [['--firmware', '9.9.9', '--episodes', '2'], ['--episodes', 'x']]) {
      const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'tools/iso-attribution.ts'), ...args], { cwd: ROOT, encoding: 'utf8' });
      expect(r.status).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/^iso-attribution: /);
    }
  }, 60_000);
});

