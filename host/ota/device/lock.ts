// One updater at a time per device state directory. The lock is a file created with O_EXCL
// (exactly one process can create it) holding the owner's pid, its start time and a nonce. A
// lock whose pid is gone — or now belongs to another process, told apart by the start time the
// kernel records for it — is stale (an updater killed by SIGKILL or a power loss) and is taken over.
import { closeSync, fsyncSync, linkSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { OtaError } from '../errors.js';

export const LOCK_FILE = '.updater.lock';
export const LOCKED_EXIT_CODE = 30;

export interface LockOwner { pid: number; startTime: string | null; nonce: string; acquiredAt: string }

/** The process start time as the kernel records it (Linux: field 22 of /proc/<pid>/stat); null elsewhere. */
export function processStartTime(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count fields after the last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch { return null; }
}

function alive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch (e) { return (e as NodeJS.ErrnoException).code === 'EPERM'; }
}

/** Whether the recorded owner still runs: the same pid with the same start time. */
export function ownerAlive(o: LockOwner): boolean {
  if (!Number.isInteger(o.pid) || o.pid <= 0 || !alive(o.pid)) return false;
  const start = processStartTime(o.pid);
  return o.startTime === null || start === null || start === o.startTime;
}

export class LockedError extends OtaError {
  constructor(readonly owner: LockOwner, path: string) {
    super('locked', `locked: another updater (pid ${owner.pid}, since ${owner.acquiredAt}) holds ${path}`, LOCKED_EXIT_CODE);
  }
}

export class DeviceLock {
  private constructor(readonly path: string, readonly owner: LockOwner, readonly tookOverStale: LockOwner | null) {}

  /** Takes the lock of a state directory or throws LockedError naming the owner. */
  static acquire(stateDir: string): DeviceLock {
    const path = join(stateDir, LOCK_FILE);
    const owner: LockOwner = { pid: process.pid, startTime: processStartTime(process.pid), nonce: randomBytes(8).toString('hex'), acquiredAt: new Date().toISOString() };
    let stale: LockOwner | null = null;
    for (let attempt = 0; attempt < 2; attempt++) {
      if (tryCreate(path, owner)) return new DeviceLock(path, owner, stale);
      const current = readOwner(path);
      if (current === undefined) continue; // released between our create and our read
      if (current !== null && ownerAlive(current)) throw new LockedError(current, path);
      // Stale (or unreadable: the file was damaged). Remove it only if it is
      // still the very file we judged, so two processes reclaiming at once cannot remove each other's.
      const again = readOwner(path);
      if (again !== undefined && (again?.nonce ?? null) === (current?.nonce ?? null)) { try { unlinkSync(path); } catch { /* gone already */ } }
      stale = current ?? { pid: 0, startTime: null, nonce: '', acquiredAt: 'unknown' };
    }
    const holder = readOwner(path);
    throw new LockedError(holder ?? { pid: 0, startTime: null, nonce: '', acquiredAt: 'unknown' }, path);
  }

  release(): void {
    const current = readOwner(this.path);
    if (current && current.nonce === this.owner.nonce) { try { unlinkSync(this.path); } catch { /* already gone */ } }
  }
}

/** Writes the owner record in full, then links it to the lock name: the lock never exists half-written. */
function tryCreate(path: string, owner: LockOwner): boolean {
  const draft = `${path}.${owner.nonce}.new`;
  const fd = openSync(draft, 'wx', 0o600);
  try { writeSync(fd, JSON.stringify(owner) + '\n'); fsyncSync(fd); } finally { closeSync(fd); }
  try {
    linkSync(draft, path); // fails with EEXIST when another updater holds the lock
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new OtaError('lock', `cannot create the updater lock ${path}: ${(e as Error).message}`);
  } finally { unlinkSync(draft); }
}

/** The owner recorded in a lock file; null if unreadable, undefined if there is no file. */
function readOwner(path: string): LockOwner | null | undefined {
  let text: string;
  try { text = readFileSync(path, 'utf8'); } catch { return undefined; }
  try {
    const o = JSON.parse(text) as LockOwner;
    return typeof o?.pid === 'number' ? o : null;
  } catch { return null; }
}

/** Runs `fn` holding the device lock; the lock is released on return or throw (a SIGKILL leaves it stale). */
export function withDeviceLock<T>(stateDir: string, fn: (lock: DeviceLock) => T): T {
  const lock = DeviceLock.acquire(stateDir);
  let result: T;
  try { result = fn(lock); } catch (e) { lock.release(); throw e; }
  if (result instanceof Promise) return result.finally(() => lock.release()) as T;
  lock.release();
  return result;
}
