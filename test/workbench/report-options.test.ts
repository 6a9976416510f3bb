// --report on run and test, and help on the new commands: the page embeds the runs' data.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hpa } from '../helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'hpa-wb-reportopt-'));
const embedded = (file: string) => {
  const html = readFileSync(file, 'utf8');
  expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=/); // self-contained: nothing fetched
  return JSON.parse(html.match(/<script id="hpa-data" type="application\/json">([\s\S]*?)<\/script>/)![1]);
};

describe('--report on run and test', () => {
  it('hpa run --report: one section per variant with the run', () => {
    const file = join(dir, 'run.html');
    const r = hpa(['run', 'euro-ncap-ccrs', '--variant', '=50', '--firmware', '1.0.0', '--report', file]);
    expect(r.status).toBe(0);
    const data = embedded(file);
    expect(data.sections).toHaveLength(1);
    expect(data.sections[0].runs[0].firmware).toBe('1.0.0');
    expect(data.sections[0].runs[0].series.tS).toHaveLength(1400); // 14 s at 10 ms
  });

  it('hpa test --report: the table of every case, the failing case overlaid across firmware', () => {
    const file = join(dir, 'test.html');
    const r = hpa(['test', 'recall-accident-116kph', 'gb-cut-in', '-f', '1.0.0,1.1.0', '--report', file]);
    expect(r.status).toBe(1);
    const data = embedded(file);
    expect(data.table.rows).toHaveLength(5);
    expect(data.sections.map((s: { title: string }) => s.title)).toEqual(['recall-accident-116kph']);
    expect(data.sections[0].runs.map((x: { firmware: string }) => x.firmware)).toEqual(['1.0.0', '1.1.0']);
  });
});

describe('hpa report: two calibrations overlaid', () => {
  it('one section, one run per calibration, each naming its file and difference', () => {
    const a = join(dir, 'gap-a.json'), b = join(dir, 'gap-b.json');
    writeFileSync(a, '{"timeGapMinS": 1.0}');
    writeFileSync(b, '{"timeGapMinS": 2.0}');
    const file = join(dir, 'cals.html');
    expect(hpa(['report', 'steady-following', '--variant', '=1.45', '-c', a, '-c', b, '-o', file]).status).toBe(0);
    const runs = embedded(file).sections[0].runs;
    expect(runs.map((x: { label: string }) => x.label)).toEqual(['1.1.0 + gap-a.json', '1.1.0 + gap-b.json']);
    expect(runs[1].calibration).toContain('timeGapMinS 0.8 → 2');
    // the gap the firmware aims for follows the effective time gap (2 s beats the scenario's 1.45 s)
    const last = (r: { series: { desiredGapM: number[] } }) => r.series.desiredGapM.at(-1)!;
    expect(last(runs[1])).toBeGreaterThan(last(runs[0]));
  });
});

describe('help', () => {
  it.each(['test', 'sweep', 'report'])('%s --help explains the command', (cmd) => {
    const r = hpa([cmd, '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`Usage: hpa ${cmd}`);
  });
});
