// Things built once per `vitest run` and shared by the test files (each takes its own copy): the
// first file to ask builds it in the scratch folder test/global-setup.ts provides; the others
// wait for it. Outside such a run the caller builds its own.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A lock whose holder has exited (a test file stopped mid-build) is free again. */
function holderGone(lock: string): boolean {
  let pid: number;
  try { pid = Number(readFileSync(join(lock, 'pid'), 'utf8')); } catch { return false; } // being written
  try { process.kill(pid, 0); return false; } catch (e) { return (e as NodeJS.ErrnoException).code === 'ESRCH'; }
}

/** The folder `name` in the run's shared scratch folder, filled by build() once; null: build your own. */
export async function sharedOnce(name: string, build: (dir: string) => Promise<unknown> | unknown): Promise<string | null> {
  let shared: string | undefined;
  try { shared = inject('hpaSharedDir'); } catch { return null; }
  if (!shared) return null;
  const dir = join(shared, name), done = `${dir}.done`, lock = `${dir}.lock`;
  for (;; await sleep(200)) {
    if (existsSync(done)) return dir;
    try { mkdirSync(lock); } catch {
      if (holderGone(lock)) rmSync(lock, { recursive: true, force: true });
      continue; // another test file is building it
    }
    try {
      writeFileSync(join(lock, 'pid'), String(process.pid));
      if (!existsSync(done)) {
        rmSync(dir, { recursive: true, force: true });
        mkdirSync(dir);
        await build(dir);
        writeFileSync(done, '');
      }
      return dir;
    } finally { rmSync(lock, { recursive: true, force: true }); }
  }
}
