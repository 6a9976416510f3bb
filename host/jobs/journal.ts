// A results journal for any engine: every finished job's result is appended to a file, one JSON
// line `{"id", "result"}` per job, so a run that is interrupted (Ctrl-C, SIGKILL, a reboot of the
// one machine the embedded engine runs on) resumes where it stopped when started again with the
// same journal: the jobs already in it are not computed again. Jobs are keyed by what they compute
// (firmware hash, seed, range), so a line is only ever used by the job that wrote it.
// A kill can tear the last line: it is dropped (and cut off the file) on the next start. Any other
// unreadable line is an error naming the file and line, never silently skipped. A lock file beside
// the journal keeps two runs from writing into it at once; a lock left by a dead process is taken over.
import { closeSync, constants, existsSync, ftruncateSync, lstatSync, openSync, readFileSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { resultProblem } from './result-checks.js';
import { JobError, type EngineProgress, type JobEngine, type JobSpec } from './types.js';

export class JournalError extends JobError {}

/** The results stored in a journal by job id, and the byte length of its complete lines. */
export function readJournal(path: string): { results: Map<string, unknown>; completeBytes: number } {
  const results = new Map<string, unknown>();
  if (!existsSync(path) && !isSymlink(path)) return { results, completeBytes: 0 };
  // Not through a symlink: a planted link would make the journal's tail cut another file.
  if (!lstatSync(path).isFile()) throw new JournalError(`journal ${path}: not a regular file`);
  const text = readFileSync(path, 'utf8');
  const end = text.lastIndexOf('\n') + 1; // what follows the last newline is a torn write
  if (end < text.length && !text.startsWith(ENTRY_START, end)) {
    throw new JournalError(`journal ${path}: line ${text.slice(0, end).split('\n').length}: not a journal entry (no file of another kind is cut)`);
  }
  const lines = text.slice(0, end).split('\n');
  for (let i = 0; i < lines.length - 1; i++) {
    let entry: unknown;
    try { entry = JSON.parse(lines[i]); } catch (e) { throw new JournalError(`journal ${path}: line ${i + 1}: not JSON (${(e as Error).message})`); }
    const { id, result } = (entry ?? {}) as { id?: unknown; result?: unknown };
    if (typeof id !== 'string' || typeof result !== 'object' || result === null) {
      throw new JournalError(`journal ${path}: line ${i + 1}: not a {"id": string, "result": object} entry`);
    }
    results.set(id, result);
  }
  return { results, completeBytes: Buffer.byteLength(text.slice(0, end)) };
}

/** How every line starts (`JSON.stringify({ id, result })`): a torn tail must start so too. */
const ENTRY_START = '{"id":';

function isSymlink(path: string): boolean {
  try { return lstatSync(path).isSymbolicLink(); } catch { return false; }
}

function isAlive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch (e) { return (e as NodeJS.ErrnoException).code === 'EPERM'; }
}

/** Takes `<journal>.lock` for this process; refuses while a live process holds it. */
function lock(path: string): () => void {
  const lockPath = `${path}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lockPath, `${process.pid}\n`, { flag: 'wx' });
      return () => { try { unlinkSync(lockPath); } catch { /* already gone */ } };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw new JournalError(`journal ${path}: cannot lock (${(e as Error).message})`);
      // Read only a small regular file: a lock planted as a link to /dev/zero or a huge file is refused, not read.
      const st = lstatSync(lockPath);
      if (!st.isFile() || st.size > 32) throw new JournalError(`journal ${path}: ${lockPath} is not a lock this program wrote; remove it if no run uses the journal`);
      const holder = Number(readFileSync(lockPath, 'utf8').trim());
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && isAlive(holder)) {
        throw new JournalError(`journal ${path}: in use by process ${holder} (${lockPath})`);
      }
      unlinkSync(lockPath); // left by a process that died: take it over
    }
  }
  throw new JournalError(`journal ${path}: cannot take ${lockPath}`);
}

/** Appends `text` at byte `at` of `fd`; returns the bytes written (fs.writeSync; tests inject a failing disk). */
export type JournalWriter = (fd: number, text: string, at: number) => number;

export class JournaledEngine implements JobEngine {
  readonly name: string;
  /** Jobs of the last run found already done in the journal. */
  resumed = 0;
  /** Why the journal stopped recording in the last run (a full disk …); the run itself went on. */
  writeFailure: string | null = null;

  constructor(private readonly inner: JobEngine, readonly path: string, private readonly write: JournalWriter = (fd, text, at) => writeSync(fd, text, at)) {
    this.name = inner.name;
  }

  async run<R>(jobs: JobSpec[], onProgress?: (p: EngineProgress) => void, onResult?: (id: string, result: R) => void): Promise<Map<string, R>> {
    const unlock = lock(this.path);
    let fd: number | undefined;
    try {
      const { results: stored, completeBytes } = readJournal(this.path);
      const unique = [...new Map(jobs.map((j) => [j.id, j])).values()];
      const results = new Map<string, R>();
      for (const job of unique) {
        if (!stored.has(job.id)) continue;
        const problem = resultProblem(job, stored.get(job.id));
        if (problem) throw new JournalError(`job ${job.id}: the result journal ${this.path} returned is not counted: ${problem}; delete its line to compute it again`);
        results.set(job.id, stored.get(job.id) as R);
        onResult?.(job.id, stored.get(job.id) as R);
      }
      this.resumed = results.size;
      try {
        fd = openSync(this.path, constants.O_RDWR | constants.O_CREAT | constants.O_NOFOLLOW, 0o644);
        ftruncateSync(fd, completeBytes); // drop a torn last line before appending after it
      } catch (e) {
        throw new JournalError(`journal ${this.path}: cannot open for writing (${(e as Error).message})`);
      }
      this.writeFailure = null;
      let written = 0;
      let at = completeBytes;
      const todo = unique.filter((j) => !results.has(j.id));
      onProgress?.({ done: results.size, total: unique.length, stalled: 0 });
      const computed = await this.inner.run<R>(todo,
        (p) => onProgress?.({ done: this.resumed + p.done, total: unique.length, stalled: p.stalled, workers: p.workers }),
        (id, result) => {
          // One write per line, at the end of what is there: a kill leaves at most a torn last line.
          // A failing disk stops the journal, not the run: its results are still all returned.
          if (this.writeFailure === null) {
            const line = `${JSON.stringify({ id, result })}\n`;
            try {
              const n = this.write(fd!, line, at);
              if (n !== Buffer.byteLength(line)) throw new Error(`short write (${n} bytes)`);
              at += n;
              written += 1;
            } catch (e) {
              try { ftruncateSync(fd!, at); } catch { /* keep what is whole */ }
              this.writeFailure = `stopped recording after ${written} new result(s): ${(e as Error).message}`;
            }
          }
          onResult?.(id, result);
        });
      for (const [id, result] of computed) results.set(id, result);
      return results;
    } finally {
      if (fd !== undefined) closeSync(fd);
      unlock();
    }
  }

  close(): Promise<void> { return this.inner.close(); }
}
