// `mkdir -p` that always returns: Node's own `mkdirSync(path, { recursive: true })` loops for ever
// on a path it cannot create under /proc (ENOENT from the kernel, retried without end), so a user's
// `--out /proc/x` hung the command at 100 % CPU. One level at a time, the first failure is thrown
// as Node reports it (its `code` intact for the caller's message).
import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

export function makeDirs(path: string, mode?: number): void {
  const missing: string[] = [];
  for (let p = resolve(path); ; p = dirname(p)) {
    try {
      if (statSync(p).isDirectory()) break;
      throw Object.assign(new Error(`${p}: not a directory`), { code: p === resolve(path) ? 'EEXIST' : 'ENOTDIR', path: p });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT' || dirname(p) === p) throw e;
      missing.push(p);
    }
  }
  for (const dir of missing.reverse()) {
    try { mkdirSync(dir, mode === undefined ? undefined : { mode }); } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
}
