// Crash-safe file writes: temp file, fsync, rename, fsync of the directory. After a SIGKILL
// (or a power loss) the file holds either the old or the new content, never a mix.
import { closeSync, fsyncSync, openSync, renameSync, writeSync } from 'node:fs';
import { dirname, join, basename } from 'node:path';
import { killPoint } from './kill-points.js';

export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  const fd = openSync(tmp, 'w');
  try {
    const bytes = typeof data === 'string' ? Buffer.from(data) : data;
    // Write in two halves so a kill point can land between them (a torn temp file).
    const half = bytes.length >> 1;
    writeSync(fd, bytes, 0, half);
    killPoint('write-torn');
    writeSync(fd, bytes, half, bytes.length - half);
    fsyncSync(fd);
  } finally { closeSync(fd); }
  killPoint('write-before-rename');
  renameSync(tmp, path);
  const dir = openSync(dirname(path), 'r');
  try { fsyncSync(dir); } finally { closeSync(dir); }
}
