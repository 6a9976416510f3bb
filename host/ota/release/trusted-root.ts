// Loading the trusted root from where the vehicle keeps it. The file is read bounded (a root is
// a few KB; anything over ROOT_FILE_CAP or not a regular file is refused before reading) and is
// re-checked on every load: well formed, key ids matching their keys, signed by a threshold of
// its own root keys. Storage itself (and its integrity key) belongs to the device side.
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { OtaError, OtaRefusal } from '../errors.js';
import { applyRootUpdate, trustRootAtManufacture, type TrustedRoot } from './root.js';

export const ROOT_FILE_CAP = 1024 * 1024;

/** Reads a small JSON file (root, update, assignment) with the same bounded, regular-file-only rules as a package. */
export function readJsonFileBounded(path: string, what: string, cap = ROOT_FILE_CAP): unknown {
  let fd: number;
  try { fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK); } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new OtaError('not-found', `${what} not found: ${path}`);
    throw new OtaRefusal('not-regular-file', `${path} cannot be opened as a regular file (${code})`);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new OtaRefusal('not-regular-file', `${path}: the ${what} must be a regular file`);
    if (st.size > cap) throw new OtaRefusal('endless-data', `${path}: ${st.size} B; a ${what} is at most ${cap} B`);
    const buf = Buffer.alloc(st.size);
    let got = 0;
    while (got < st.size) { const n = readSync(fd, buf, got, st.size - got, got); if (n === 0) break; got += n; }
    try { return JSON.parse(buf.subarray(0, got).toString('utf8')); } catch { throw new OtaRefusal('malformed', `${path}: the ${what} is not JSON`); }
  } finally { closeSync(fd); }
}

/** The vehicle's trusted root from a file (or a parsed value), re-checked. */
export function loadTrustedRoot(source: string | unknown): TrustedRoot {
  if (typeof source !== 'string') return trustRootAtManufacture(source);
  try {
    return trustRootAtManufacture(readJsonFileBounded(source, 'trusted root'));
  } catch (e) {
    if (e instanceof OtaError && e.code === 'not-found') throw new OtaError('not-provisioned', `no trusted root at ${source}: provision the vehicle first (\`hpa ota provision --root root.json\`)`);
    throw e;
  }
}

/** A root update read from a file and applied to the trusted root (TUF §5.3.4). */
export function loadRootUpdate(trusted: TrustedRoot, path: string): TrustedRoot {
  return applyRootUpdate(trusted, readJsonFileBounded(path, 'root update'));
}

export const rootFileText = (r: TrustedRoot): string => JSON.stringify(r.envelope, null, 2) + '\n';
