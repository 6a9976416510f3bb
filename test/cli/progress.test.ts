// Progress away from a terminal (a CI log, nohup): a line per interval and a last one, so a long
// run is not silent; nothing for a run shorter than the interval, nothing when switched off.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { startProgress } from '../../host/cli/progress.js';

function captured(): { stream: NodeJS.WriteStream; text: () => string } {
  let text = '';
  const w = new Writable({ write(chunk, _enc, cb) { text += String(chunk); cb(); } }) as unknown as NodeJS.WriteStream;
  return { stream: w, text: () => text };
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('progress lines when stderr is not a terminal', () => {
  it('a line per interval with the count, the share and what is left, then a last line', async () => {
    const out = captured();
    const p = startProgress('validate', { unit: 'jobs', barFormat: '{bar}', enabled: true, stream: out.stream, everyS: 0.05 });
    p.update(0, 4000);
    p.update(1000, 4000, { workers: 2 });
    await sleep(80);
    p.update(4000, 4000, { workers: 2 });
    p.stop();
    const lines = out.text().trim().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(2);
    expect(lines[0]).toMatch(/^hpa validate: 1,000\/4,000 jobs \(25\.0 %\) · \d+ s · about \d+ s left · 2 worker\(s\)$/);
    expect(lines.at(-1)).toMatch(/^hpa validate: 4,000\/4,000 jobs \(100\.0 %\) · \d+ s · 2 worker\(s\)$/);
  });

  it('results resumed from before are not counted in the rate: nothing of this run done yet is said', async () => {
    const out = captured();
    const p = startProgress('validate', { unit: 'jobs', barFormat: '{bar}', enabled: true, stream: out.stream, everyS: 0.03 });
    p.update(700, 1000);
    await sleep(50);
    p.stop();
    expect(out.text().split('\n')[0]).toMatch(/700\/1,000 jobs \(70\.0 %\) · \d+ s · none of this run's jobs finished yet/);
  });

  it('a run shorter than the interval, or with progress off, prints nothing', async () => {
    const short = captured();
    const p = startProgress('sweep', { unit: 'runs', barFormat: '{bar}', enabled: true, stream: short.stream, everyS: 30 });
    p.update(5, 5);
    p.stop();
    expect(short.text()).toBe('');
    const off = captured();
    const q = startProgress('sweep', { unit: 'runs', barFormat: '{bar}', enabled: false, stream: off.stream, everyS: 0.01 });
    q.update(1, 5);
    await sleep(40);
    q.stop();
    expect(off.text()).toBe('');
  });
});
