// Reading a file the user names (a scenario, a calibration, a sweep grid, an OpenSCENARIO file):
// `readFileSync` on /dev/zero or /dev/urandom reads until memory runs out, and on a FIFO waits for a
// writer for ever. Only regular files are read, and at most `maxBytes` of them — counted while
// reading, since /proc files report a size of 0. A refusal is an Error with a reason a caller puts
// in its own one-line message (file, field, reason).
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

/** Larger than any scenario, calibration or grid this project reads; far below a machine's memory. */
export const MAX_INPUT_FILE_BYTES = 64 * 1024 * 1024;

export class InputFileError extends Error {}

const KIND: [(s: import('node:fs').Stats) => boolean, string][] = [
  [(s) => s.isDirectory(), 'a directory, not a file'],
  [(s) => s.isCharacterDevice(), 'a character device, not a file'],
  [(s) => s.isBlockDevice(), 'a block device, not a file'],
  [(s) => s.isFIFO(), 'a FIFO (named pipe), not a file'],
  [(s) => s.isSocket(), 'a socket, not a file'],
];

export function readInputFile(path: string, maxBytes = MAX_INPUT_FILE_BYTES): Buffer {
  let fd: number;
  try { fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK); } catch (e) {
    throw new InputFileError((e as NodeJS.ErrnoException).code ?? (e as Error).message);
  }
  try {
    const st = fstatSync(fd);
    for (const [is, what] of KIND) if (is(st)) throw new InputFileError(what);
    if (st.size > maxBytes) throw new InputFileError(`${st.size.toLocaleString('en')} B; at most ${maxBytes.toLocaleString('en')} B are read`);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(1 << 20, maxBytes + 1 - total));
      let n: number;
      try { n = readSync(fd, chunk, 0, chunk.length, null); } catch (e) {
        throw new InputFileError((e as NodeJS.ErrnoException).code ?? (e as Error).message);
      }
      if (n === 0) break;
      chunks.push(chunk.subarray(0, n));
      total += n;
      if (total > maxBytes) throw new InputFileError(`more than ${maxBytes.toLocaleString('en')} B; at most that many are read`);
    }
    return Buffer.concat(chunks, total);
  } finally {
    closeSync(fd);
  }
}
