// The results journal: `hpa validate --journal f` killed with SIGKILL part-way resumes on the next
// start with the same totals as an uninterrupted run, computing only what was missing; a torn last
// line is dropped, any other bad line is refused by file and line, and two runs cannot share it.
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EmbeddedEngine } from '../../host/jobs/embedded.js';
import { JournaledEngine, readJournal } from '../../host/jobs/journal.js';
import type { JobEngine, JobSpec } from '../../host/jobs/types.js';
import { resolveFirmware } from '../../host/ecu/firmware.js';
import { planJobs } from '../../host/validate/validate.js';
import { resultProblem } from '../../host/jobs/result-checks.js';
import { emptyTotals } from '../../host/validate/episodes.js';

const HPA = join(import.meta.dirname, '../../bin/hpa.js');
// 20 km of each firmware in jobs of 2 episodes (4 km): 5 jobs per firmware, 10 in all.
const RUN = ['validate', '--km', '20', '--seed', '11', '--batch', '2', '--threads', '1', '--no-progress', '--json'];
const hpa = (args: string[]) => spawnSync(process.execPath, [HPA, ...args], { encoding: 'utf8', timeout: 120_000 });
const lines = (path: string) => (existsSync(path) ? readFileSync(path, 'utf8').split('\n').filter(Boolean).length : 0);

/** An engine that counts the jobs it is given, around the embedded one. */
class Counting implements JobEngine {
  readonly name = 'counting';
  ran: string[] = [];
  constructor(private readonly inner: JobEngine) {}
  run<R>(jobs: JobSpec[], onProgress?: Parameters<JobEngine['run']>[1], onResult?: (id: string, r: R) => void) {
    this.ran.push(...jobs.map((j) => j.id));
    return this.inner.run<R>(jobs, onProgress, onResult);
  }
  close() { return this.inner.close(); }
}

describe('hpa validate --journal', () => {
  it('resumes a run killed with SIGKILL: same totals as an uninterrupted run, finished jobs not run again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hpa-journal-'));
    const journal = join(dir, 'run.journal');
    const whole = hpa(RUN);
    expect(whole.status, whole.stderr).toBe(0);

    // Kill the run once 4 of its 10 jobs are in the journal.
    const child = spawn(process.execPath, [HPA, ...RUN, '--journal', journal], { stdio: 'ignore' });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    const deadline = Date.now() + 90_000;
    while (lines(journal) < 4 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    const done = lines(journal);
    expect(done).toBeGreaterThanOrEqual(4);
    expect(done).toBeLessThan(10);
    expect(existsSync(`${journal}.lock`)).toBe(true); // left behind by the dead process
    appendFileSync(journal, '{"id":"validate:torn'); // a write the kill cut short

    const resumed = hpa([...RUN, '--journal', journal]);
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain(`${done} job(s) were already done and were not run again`);
    expect(JSON.parse(resumed.stdout).firmware).toEqual(JSON.parse(whole.stdout).firmware);
    expect(lines(journal)).toBe(10); // the torn line is gone, nothing written twice
    expect(existsSync(`${journal}.lock`)).toBe(false);

    // A third start computes nothing and reports the same; a torn line is cut off even then.
    appendFileSync(journal, '{"id":"validate:torn again, longer than nothing');
    const again = hpa([...RUN, '--journal', journal]);
    expect(again.stderr).toContain('10 job(s) were already done');
    expect(JSON.parse(again.stdout).firmware).toEqual(JSON.parse(whole.stdout).firmware);
    expect(readFileSync(journal, 'utf8').endsWith('}\n')).toBe(true);
  });

  it('runs only the jobs missing from the journal (counted at the engine)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hpa-journal-'));
    const journal = join(dir, 'j');
    const inner = new Counting(await EmbeddedEngine.start(1));
    try {
      const jobs = planJobs({ km: 12, seed: 5, firmware: ['1.1.0'], batchEpisodes: 2 }, { '1.1.0': resolveFirmware('1.1.0').info.sha256 });
      expect(jobs).toHaveLength(3);
      const engine = new JournaledEngine(inner, journal);
      const first = await engine.run(jobs.slice(0, 2));
      expect(inner.ran).toHaveLength(2);
      const second = await engine.run(jobs);
      expect(inner.ran.slice(2)).toEqual([jobs[2].id]);
      expect(engine.resumed).toBe(2);
      expect(second.get(jobs[0].id)).toEqual(first.get(jobs[0].id));
      expect([...readJournal(journal).results.keys()].sort()).toEqual(jobs.map((j) => j.id).sort());
    } finally { await inner.close(); }
  });

  it('a disk that fails mid-run stops the journal, not the run: every result is returned, the journal keeps whole lines', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hpa-journal-'));
    const journal = join(dir, 'j');
    const inner = await EmbeddedEngine.start(1);
    try {
      const jobs = planJobs({ km: 16, seed: 6, firmware: ['1.1.0'], batchEpisodes: 2 }, { '1.1.0': resolveFirmware('1.1.0').info.sha256 });
      let calls = 0;
      // The disk fills on the third line: half of it is written, then ENOSPC.
      const engine = new JournaledEngine(inner, journal, (fd, text, at) => {
        if (++calls < 3) return writeSync(fd, text, at);
        writeSync(fd, text.slice(0, 10), at);
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      });
      const results = await engine.run(jobs);
      expect(results.size).toBe(4);
      expect(engine.writeFailure).toMatch(/^stopped recording after 2 new result\(s\): ENOSPC/);
      expect(readFileSync(journal, 'utf8').split('\n').filter(Boolean)).toHaveLength(2);
      expect(readFileSync(journal, 'utf8').endsWith('\n')).toBe(true);
      const again = new JournaledEngine(inner, journal);
      await again.run(jobs);
      expect(again.resumed).toBe(2);
      expect(again.writeFailure).toBeNull();
    } finally { await inner.close(); }
  });

  it('a journal in a directory that does not exist: one line, exit 1', () => {
    const r = hpa([...RUN, '--journal', '/nonexistent-dir/j']);
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^hpa: journal \/nonexistent-dir\/j: cannot lock \(ENOENT/);
  });

  it('refuses a journal with a bad line (file and line named), one that is not a file, and one in use', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hpa-journal-'));
    const bad = join(dir, 'bad');
    writeFileSync(bad, '{"id":"a","result":{}}\nnot json\n{"id":"b","result":{}}\n');
    let r = hpa([...RUN, '--journal', bad]);
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toMatch(new RegExp(`^hpa: journal ${bad}: line 2: not JSON`));
    writeFileSync(bad, '{"id":"a","result":3}\n');
    r = hpa([...RUN, '--journal', bad]);
    expect(r.stderr.trim()).toMatch(/line 1: not a \{"id": string, "result": object\} entry$/);
    r = hpa([...RUN, '--journal', dir]);
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toMatch(/not a regular file$/);

    // An attacker who owns the directory: a symlink in the journal's place, or a file of another
    // kind given as the journal, is refused and left as it was (the torn-tail cut never reaches it).
    const precious = join(dir, 'precious.txt');
    writeFileSync(precious, 'no newline at the end of this file');
    symlinkSync(precious, join(dir, 'link'));
    for (const path of [join(dir, 'link'), precious]) {
      r = hpa([...RUN, '--journal', path]);
      expect(r.status).toBe(1);
      expect(r.stderr.trim()).toMatch(/not a regular file$|line 1: not a journal entry/);
    }
    expect(readFileSync(precious, 'utf8')).toBe('no newline at the end of this file');

    // A lock planted as a link to a device that never ends is refused, not read.
    const planted = join(dir, 'planted');
    symlinkSync('/dev/zero', `${planted}.lock`);
    r = hpa([...RUN, '--journal', planted]);
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toMatch(/planted\.lock is not a lock this program wrote/);

    const busy = join(dir, 'busy');
    writeFileSync(`${busy}.lock`, `${process.pid}\n`); // this test process is alive
    r = hpa([...RUN, '--journal', busy]);
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(`in use by process ${process.pid}`);
  });
});

describe('a result read back (journal or Redis) is checked against its job before it is counted', () => {
  it('refuses a forged count in a journal line, naming the job', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hpa-journal-'));
    const journal = join(dir, 'j');
    expect(hpa([...RUN, '--journal', journal]).status).toBe(0);
    const entries = readFileSync(journal, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    entries[0].result.totals.collisions = -3;
    writeFileSync(journal, entries.map((e) => `${JSON.stringify(e)}\n`).join(''));
    const r = hpa([...RUN, '--journal', journal]);
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(`job ${entries[0].id}: the result`);
    expect(r.stderr).toMatch(/is not counted: totals\.collisions: must be >= 0/);
  });

  it('checks shape, batch, episode count and listed episodes', () => {
    const spec = { firmware: '1.1.0', firmwareSha256: 'a', seed: 7, first: 10, count: 2, profile: 'attentive' as const };
    const job: JobSpec = { id: 'validate:a:7:attentive:mixed:10+2', kind: 'validate-batch', payload: spec };
    const batchResultProblem = (r: unknown, _spec: typeof spec) => resultProblem(job, r);
    const good = {
      firmwareSha256: 'a', seed: 7, first: 10, count: 2,
      totals: { ...emptyTotals(), episodes: 2, km: 4, collisions: 1, failed: [{ index: 11, hazard: 'cutIn', avoidable: false, ecuAvoidable: false, ecuMarginM: null, what: 'collision with lead', impactSpeedKph: 12 }] },
    };
    expect(batchResultProblem(good, spec)).toBeNull();
    const variant = (patch: (r: typeof good) => void) => { const r = structuredClone(good); patch(r); return batchResultProblem(r, spec); };
    expect(batchResultProblem(null, spec)).toMatch(/must be object/);
    expect(variant((r) => { (r.totals as { fcw: unknown }).fcw = 'many'; })).toMatch(/^totals\.fcw: must be integer/);
    expect(variant((r) => { r.totals.km = Number.NaN; })).toMatch(/^totals\.km/);
    expect(variant((r) => { r.seed = 8; })).toMatch(/episodes 10\+2 of seed 8, not 10\+2 of seed 7/);
    expect(variant((r) => { r.totals.episodes = 200; })).toMatch(/counts 200 episodes in a batch of 2/);
    expect(variant((r) => { r.totals.failed[0].index = 3; })).toMatch(/lists episode 3, outside its batch/);
    expect(variant((r) => { (r.totals.collisionsByCause as Record<string, number>).meteor = 1; })).toMatch(/must NOT have additional properties/);
  });
});
