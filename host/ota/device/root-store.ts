// Where the vehicle keeps its trusted root (the release side's TrustedRoot): sealed in the
// secure store, with <dir>/root.json as its readable mirror (boot restores a mirror that
// differs). Written once at manufacture (`hpa ota provision`) and replaced only by a root update
// that the trusted root authorises (`hpa ota root-update`, TUF §5.3.4). Both hold the device
// lock, and both leave an audit record.
//
// A root update commits in this order: the sealed root (the commit point), the accepted root
// version (freshness.ts), the audit record, then the mirror. A kill after the commit point
// leaves a mirror one version behind, which the next start completes (boot.ts) and audits.
import { existsSync } from 'node:fs';
import { OtaError, OtaRefusal } from '../errors.js';
import { loadRootUpdate, loadTrustedRoot, readJsonFileBounded } from '../release/trusted-root.js';
import type { TrustedRoot } from '../release/root.js';
import { appendAudit, type AuditRecord } from './audit.js';
import { raiseRootVersion } from './freshness.js';
import { killPoint } from './kill-points.js';
import { withDeviceLock } from './lock.js';
import { bootSlot, DEFAULT_FACTORY_VERSION, DEFAULT_HARDWARE_ID, ROOT_RECORD, SlotStore } from './slots.js';
import { ensureStateDir, FileSecureStore } from './secure-store.js';
import { Updater } from './updater.js';

function audit(store: SlotStore, record: Omit<AuditRecord, 'hardwareId' | 'runningVersion'>): void {
  const state = store.peek() ?? store.read();
  appendAudit(store.auditPath, store.secure, { ...record, hardwareId: state.hardwareId, runningVersion: state.slots[bootSlot(state)]!.version });
}

/** Manufacture: checks the root is self-signed at its threshold, creates the state, stores the root. Holds the device lock. */
export function provisionRoot(dir: string, rootPath: string, o: { hardwareId?: string; factoryVersion?: string } = {}): TrustedRoot {
  ensureStateDir(dir);
  return withDeviceLock(dir, () => {
    const store = new SlotStore(dir);
    const sealed = FileSecureStore.isProvisioned(store.partition) && store.secure.readRecord(ROOT_RECORD) !== null;
    if (existsSync(store.rootPath) || sealed) throw new OtaError('provisioned', `${dir} already holds a trusted root; a new root applies only through \`hpa ota root-update\``, 2);
    const trusted = loadTrustedRoot(readJsonFileBounded(rootPath, 'root'));
    killPoint('provision-checked');
    store.init(o.hardwareId ?? DEFAULT_HARDWARE_ID, o.factoryVersion ?? DEFAULT_FACTORY_VERSION);
    store.writeTrustedRoot(trusted); // sealed in the secure store; root.json is its mirror
    raiseRootVersion(store.secure, trusted.root.version);
    audit(store, { action: 'provision', result: 'ok', detail: `root v${trusted.root.version}` });
    return trusted;
  });
}

/**
 * A root update: applied only if the trusted root's thresholds (old and new) sign it; refusals
 * are audited. Holds the device lock and runs the start-up checks first, as every command does:
 * a device whose integrity is in question takes no new root.
 */
export function updateRoot(dir: string, updatePath: string): { from: number; to: number } {
  if (!existsSync(dir)) throw new OtaError('no-state', `no OTA state in ${dir}: provision the vehicle first (\`hpa ota provision --root <root.json> --dir ${dir}\`)`);
  return withDeviceLock(dir, (lock) => {
    const u = new Updater({ dir, lock });
    const issue = u.start(false).issues[0];
    if (issue) throw new OtaError(issue.code, issue.message, issue.exitCode);
    const store = u.store;
    const trusted = store.trustedRoot();
    let next: TrustedRoot;
    try {
      next = loadRootUpdate(trusted, updatePath);
    } catch (e) {
      if (e instanceof OtaRefusal) audit(store, { action: 'root-update', result: 'refused', attack: e.attack, detail: e.message });
      throw e;
    }
    killPoint('root-verified');
    store.sealTrustedRoot(next); // the commit point
    killPoint('root-sealed');
    raiseRootVersion(store.secure, next.root.version);
    audit(store, { action: 'root-update', result: 'ok', detail: `root v${trusted.root.version} → v${next.root.version}` });
    killPoint('root-audited');
    store.writeRootMirror(next);
    return { from: trusted.root.version, to: next.root.version };
  });
}
