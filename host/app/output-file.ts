// Writing a file the user asked for (--trace, --plot, --junit, …): a failure is a UserError that
// names the option and the path, never a stack trace.
import { statSync, writeFileSync } from 'node:fs';
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
