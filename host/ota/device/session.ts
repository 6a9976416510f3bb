// Opening a device for one command: the state directory's lock first, then the factory state if
// there is none yet, then the updater. Every `hpa ota` command that reads or writes a device goes
// through here, so no two of them ever interleave on one state directory.
import { existsSync, renameSync } from 'node:fs';
import { ensureStateDir } from './secure-store.js';
import { basename, join } from 'node:path';
import { appendAudit, AUDIT_ANCHOR, checkAudit, GENESIS, type AuditRecord } from './audit.js';
import { LockedError, withDeviceLock } from './lock.js';
import { bootSlot, DEFAULT_FACTORY_VERSION, DEFAULT_HARDWARE_ID, otaDir, SlotStore } from './slots.js';
import { Updater, type UpdaterOptions } from './updater.js';
import type { VerifiedRelease } from '../release/verify.js';

export interface DeviceOptions extends Omit<UpdaterOptions, 'lock' | 'dir'> { dir?: string; hardwareId?: string; factoryVersion?: string }

export function withUpdater<T>(o: DeviceOptions, fn: (u: Updater) => T): T {
  const dir = otaDir(o.dir);
  ensureStateDir(dir);
  return withDeviceLock(dir, (lock) => {
    new SlotStore(dir).init(o.hardwareId ?? DEFAULT_HARDWARE_ID, o.factoryVersion ?? DEFAULT_FACTORY_VERSION);
    return fn(new Updater({ ...o, dir, lock }));
  });
}

/** `hpa ota verify`: read only — no lock, nothing written — once the device exists (provisioned under the lock otherwise). */
export function verifyOnDevice(o: DeviceOptions, packagePath: string): VerifiedRelease {
  const dir = otaDir(o.dir);
  const store = new SlotStore(dir);
  if (!existsSync(dir) || !store.exists()) return withUpdater(o, (u) => u.verify(packagePath));
  return new Updater({ ...o, dir }).verify(packagePath);
}

export interface AuditRecovery { archived: string | null; problem: string | null }

/** `hpa ota recover --audit`: archive a broken log, start a new anchored chain whose first record says why. */
export function recoverAudit(u: Updater): AuditRecovery {
  const store = u.store;
  const integrity = checkAudit(store.auditPath, store.secure);
  if (integrity.intact) return { archived: null, problem: null };
  const state = store.read();
  let archived: string | null = null;
  if (existsSync(store.auditPath)) {
    archived = join(store.dir, `audit.broken-${new Date().toISOString().replace(/[:.]/g, '-')}.jsonl`);
    renameSync(store.auditPath, archived);
  }
  store.secure.writeRecord(AUDIT_ANCHOR, { records: 0, headSha256: GENESIS });
  u.audit(state, { action: 'integrity', result: 'restored', detail: `${integrity.problem}; ${archived ? `the broken log is archived as ${basename(archived)}` : 'the log file was gone'}; a new chain starts here` });
  return { archived, problem: integrity.problem };
}

/**
 * A live path (drive, `run --ota`, real-time swap) that refused a package on a device records it
 * in that device's audit log, as `install` does. Returns false when it could not (the device is
 * locked by an updater, or its log is broken: nothing is appended to a broken chain).
 */
export function auditOnDevice(dir: string, record: Omit<AuditRecord, 'hardwareId' | 'runningVersion'>): boolean {
  try {
    return withDeviceLock(dir, () => {
      const store = new SlotStore(dir);
      const state = store.peek();
      if (!state || !checkAudit(store.auditPath, store.secure).intact) return false;
      appendAudit(store.auditPath, store.secure, { ...record, hardwareId: state.hardwareId, runningVersion: state.slots[bootSlot(state)]!.version });
      return true;
    });
  } catch (e) {
    if (e instanceof LockedError) return false;
    throw e;
  }
}
