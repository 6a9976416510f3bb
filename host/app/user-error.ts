// A refusal caused by what the user asked for (a bad option, an unwritable path, a file that is
// not firmware). The CLI prints it as one line `hpa: <what>: <why>` and exits 1.
export class UserError extends Error {
  constructor(readonly what: string, readonly why: string) {
    super(`${what}: ${why}`);
  }
}

/** A short reason for a failed file operation, from its errno code. */
export function fileErrorReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  const reasons: Record<string, string> = {
    ENOENT: 'the folder does not exist',
    EISDIR: 'is a directory',
    ENOTDIR: 'a part of the path is not a folder',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    EROFS: 'read-only file system',
    ENOSPC: 'no space left on the device',
  };
  return (code && reasons[code]) ?? (code ? `cannot write (${code})` : (error as Error).message);
}
