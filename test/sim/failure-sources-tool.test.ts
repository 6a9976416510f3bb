// tools/failure-sources.ts, which docs/validation.md quotes for where the 10⁶ km run's phantom brakes
// and avoidable debris collisions come from: it must find the false return a listed episode braked
// for or lost its cone behind, and refuse a report that is not one or that another build measured.
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listFirmware } from '../../host/ecu/firmware.js';
import { ROOT } from '../helpers.js';

const tool = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'tools/failure-sources.ts'), ...args], { cwd: ROOT, encoding: 'utf8' });

function reportFile(sha256: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'hpa-failure-sources-'));
  const file = join(dir, 'report.json');
  // Two episodes of seed 2030 the 10⁶ km run lists: a phantom brake and a cone hit behind a false return.
  writeFileSync(file, JSON.stringify({
    seed: 2030, profile: 'attentive', conditions: 'mixed',
    firmware: [{ version: '1.1.0', sha256, totals: {
      failed: [{ index: 7415, hazard: 'debris', avoidable: true }, { index: 17, hazard: 'cutOut', avoidable: false }],
      phantomEpisodes: [{ index: 6, hazard: 'none' }],
    } }],
  }));
  return file;
}

describe('tools/failure-sources.ts', () => {
  const built = listFirmware().find((f) => f.version === '1.1.0' && f.build === 'release')!;

  it('names the false return behind a phantom brake and behind a hidden cone (seed 2030, episodes 6 and 7415)', () => {
    const r = tool(reportFile(built.sha256));
    expect(r.status, r.stderr).toBe(0);
    // Episode 6: an emergency-level brake for a manhole cover first reported inside a firm stop's distance.
    expect(r.stdout).toMatch(/^phantom: episode 6 at [\d.]+ s, peak 9 m\/s²: false return manhole at \d+ m/m);
    expect(r.stdout).toMatch(/^phantom brakes ≥ 5 m\/s² manhole: 1$/m);
    // Episode 7415: the cone never reported before it was named close in; a false return held the report.
    const line = /^debris: episode 7415: a false return reported for (\d+) cycles.*named at (\d+) m$/m.exec(r.stdout);
    expect(line, r.stdout).not.toBeNull();
    expect(Number(line![1])).toBeGreaterThan(0);
    expect(Number(line![2])).toBeLessThan(30);
    // Only avoidable debris collisions are examined: the cut-out is not.
    expect(r.stdout).toMatch(/^avoidable debris collisions: 1; behind a false return: 1;/m);
  }, 120_000);

  it('refuses a file that is no validation report, or one another build measured: one line, exit 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hpa-failure-sources-'));
    const notReport = join(dir, 'x.json');
    writeFileSync(notReport, '{"seed": 1}');
    // Side by side: each case is mostly the cost of starting tsx.
    const cases = [[notReport], [reportFile('0'.repeat(64))], [join(dir, 'missing.json')], []];
    const runs = await Promise.all(cases.map((args) => new Promise<{ code: number | null; stderr: string }>((done) => {
      execFile(process.execPath, ['--import', 'tsx', join(ROOT, 'tools/failure-sources.ts'), ...args], { cwd: ROOT, encoding: 'utf8' },
        (err, _stdout, stderr) => done({ code: err ? (err as { code?: number }).code ?? null : 0, stderr }));
    })));
    runs.forEach((r, i) => {
      expect(r.code, cases[i].join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/^failure-sources: /);
    });
  }, 60_000);
});
