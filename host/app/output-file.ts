// Writing a file the user asked for (--trace, --plot, --junit, …): a failure is a UserError that
// names the option and the path, never a stack trace.
import { accessSync, constants, statSync, writeFileSync } from 'node:fs';
import { makeDirs } from '../util/make-dirs.js';
import { fileErrorReason, UserError } from './user-error.js';

export function writeOutputFile(option: string, path: string, data: string | Uint8Array): void {
  try {
    writeFileSync(path, data);
  } catch (e) {
    throw new UserError(`${option} ${path}`, fileErrorReason(e));
  }
}

/** `out.svg` for one file, `out-1.svg`, `out-2.svg`, … for several. */
export function suffixed(path: string, index: number, count: number, ext: string): string {
  return count === 1 ? path : path.replace(new RegExp(`(\\${ext})?$`), `-${index + 1}${ext}`);
}

/** A directory given where a file name belongs (also when the name would get a -1, -2 suffix). */
export function refuseDirectory(option: string, path: string): void {
  let isDir = false;
  try { isDir = statSync(path).isDirectory(); } catch { /* does not exist yet: fine */ }
  if (isDir) throw new UserError(`${option} ${path}`, 'is a directory (give a file name)');
}

/** A folder the user asked files to be written into (--out <dir>): made if missing, refused in one
 * line when it cannot be (a file in the way, no permission, a read-only or virtual file system).
 * Checked before the work that fills it, so a long run never ends in an unwritable folder. */
export function makeOutputDir(option: string, path: string): void {
  const refuse = (reason: string): never => { throw new UserError(`${option} ${path}`, reason); };
  try { makeDirs(path); } catch (e) {
    const { code, path: where } = e as NodeJS.ErrnoException;
    if (code === 'EEXIST') refuse('is a file, not a folder');
    if (code === 'ENOTDIR') refuse('a part of the path is not a folder');
    refuse(`cannot make folder ${where ?? path} (${code === 'ENOENT' ? 'ENOENT: the file system does not allow it' : fileErrorReason(e)})`);
  }
  try { accessSync(path, constants.W_OK); } catch (e) { refuse(fileErrorReason(e)); }
}
