// `hpa validate --calibration <file>`: a controls engineer measures a calibration at scale. The file's
// values apply to every episode (over each release's defaults), are part of every job's key (a
// journal or Redis never serves a default run's results for it), and are named in the report.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { batchMismatch } from '../../host/validate/batch-result.js';
import { EpisodeRunner } from '../../host/validate/episodes.js';

const dir = mkdtempSync(join(tmpdir(), 'hpa-valcal-'));
const hpa = (args: string[]) => spawnSync(process.execPath, [join(import.meta.dirname, '../../bin/hpa.js'), ...args], { encoding: 'utf8', timeout: 120_000 });
const file = (name: string, content: object) => { const p = join(dir, name); writeFileSync(p, JSON.stringify(content)); return p; };
// Warn from a TTC of 6 s instead of 3: more warnings in the same traffic.
const early = file('early-warning.json', { fcwTtcS: 6 });
const args = ['validate', '--km', '60', '--seed', '3', '-f', '1.1.0', '--batch', '5', '--threads', '2', '--json', '--no-progress'];

describe('hpa validate --calibration', () => {
  it('changes what every episode does, names the file in the report, and is keyed: a journal of the default run is not reused', () => {
    const journal = join(dir, 'v.journal');
    const defaults = hpa([...args, '--journal', journal]);
    expect(defaults.status).toBe(0);
    const tuned = hpa([...args, '--journal', journal, '-c', early]);
    expect(tuned.status).toBe(0);
    expect(tuned.stderr).not.toMatch(/already done/); // none of the default run's 6 results served
    const d = JSON.parse(defaults.stdout), t = JSON.parse(tuned.stdout);
    expect(d.calibration).toBeNull();
    expect(t.calibration).toEqual({ file: early, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(t.firmware[0].totals.fcw).toBeGreaterThan(d.firmware[0].totals.fcw);
    // The same counts as the batches run directly with the file's values applied after each reset.
    const direct = new EpisodeRunner('1.1.0').runBatch({ seed: 3, first: 0, count: 30, profile: 'attentive', conditions: 'mixed', calibration: { file: early, sha256: t.calibration.sha256, values: { fcwTtcS: 6 } } });
    expect(t.firmware[0].totals.fcw).toBe(direct.fcw);
    expect(t.firmware[0].totals.collisions).toBe(direct.collisions);
    // Resumed with the same file: every result served from the journal.
    const again = hpa([...args, '--journal', journal, '-c', early]);
    expect(again.stderr).toMatch(/6 job\(s\) were already done/);
    expect(JSON.parse(again.stdout).firmware[0].totals).toEqual(t.firmware[0].totals);
    const text = hpa(['validate', '--km', '4', '--seed', '3', '-f', '1.1.0', '-c', early, '--no-progress']);
    expect(text.stdout).toMatch(new RegExp(`^calibration: ${early.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} \\(sha256 [0-9a-f]{12}…\\) over each release's defaults$`, 'm'));
  });

  it('a result computed with another calibration is not counted for this one', () => {
    const spec = { firmware: '1.1.0', firmwareSha256: 'x', seed: 3, first: 0, count: 1, profile: 'attentive' as const, calibration: { file: early, sha256: 'a'.repeat(64), values: { fcwTtcS: 6 } } };
    const result = { firmwareSha256: 'x', calibrationSha256: null, seed: 3, first: 0, count: 1, totals: { episodes: 1, failed: [], phantomEpisodes: [] } };
    expect(batchMismatch(result, spec)).toBe(`it ran with the release's default calibration, not calibration ${'a'.repeat(12)}…`);
    expect(batchMismatch({ ...result, calibrationSha256: 'a'.repeat(64) }, spec)).toBeNull();
  });

  it.each([
    ['out of range', { fcwTtcS: 60 }, /^hpa: .*out-of-range\.json: fcwTtcS: must be <= 6/],
    ['against the other values of the release', { fcwReqDecelMps2: 6 }, /^hpa: .*cross-rule\.json: fcwReqDecelMps2: .*\(with the other values at the defaults of 1\.1\.0\)$/],
  ])('a calibration %s is refused in one line before any episode runs', (name, content, message) => {
    const r = hpa(['validate', '--km', '200000', '-f', '1.1.0', '-c', file(`${name === 'out of range' ? 'out-of-range' : 'cross-rule'}.json`, content)]);
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr.trim()).toMatch(message);
  });
});
