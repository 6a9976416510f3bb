// Where the vehicle keeps its trusted root (the release side's TrustedRoot): sealed in the
// secure store, with <dir>/root.json as its readable mirror (boot restores a mirror that
// differs). Written once at manufacture (`hpa ota provision`) and replaced only by a root update
// that the trusted root authorises (`hpa ota root-update`, TUF §5.3.4). Both leave an audit record.
import { existsSync } from 'node:fs';
import { OtaError, OtaRefusal } from '../errors.js';
import { loadRootUpdate, loadTrustedRoot, readJsonFileBounded } from '../release/trusted-root.js';
import type { TrustedRoot } from '../release/root.js';
import { appendAudit, type AuditRecord } from './audit.js';
import { bootSlot, DEFAULT_FACTORY_VERSION, DEFAULT_HARDWARE_ID, ROOT_RECORD, SlotStore } from './slots.js';
import { FileSecureStore } from './secure-store.js';

function audit(store: SlotStore, record: Omit<AuditRecord, 'hardwareId' | 'runningVersion'>): void {
  const state = store.peek() ?? store.read();
  appendAudit(store.auditPath, store.secure, { ...record, hardwareId: state.hardwareId, runningVersion: state.slots[bootSlot(state)]!.version });
}

/** Manufacture: checks the root is self-signed at its threshold, creates the state, stores the root. */
export function provisionRoot(dir: string, rootPath: string, o: { hardwareId?: string; factoryVersion?: string } = {}): TrustedRoot {
  const store = new SlotStore(dir);
  const sealed = FileSecureStore.isProvisioned(store.partition) && store.secure.readRecord(ROOT_RECORD) !== null;
  if (existsSync(store.rootPath) || sealed) throw new OtaError('provisioned', `${dir} already holds a trusted root; a new root applies only through \`hpa ota root-update\``, 2);
  const trusted = loadTrustedRoot(readJsonFileBounded(rootPath, 'root'));
  store.init(o.hardwareId ?? DEFAULT_HARDWARE_ID, o.factoryVersion ?? DEFAULT_FACTORY_VERSION);
  store.writeTrustedRoot(trusted); // sealed in the secure store; root.json is its mirror
  audit(store, { action: 'provision', result: 'ok', detail: `root v${trusted.root.version}` });
  return trusted;
}

/** A root update: applied only if the trusted root's thresholds (old and new) sign it; refusals are audited. */
export function updateRoot(dir: string, updatePath: string): { from: number; to: number } {
  const store = new SlotStore(dir);
  const trusted = store.trustedRoot();
  let next: TrustedRoot;
  try {
    next = loadRootUpdate(trusted, updatePath);
  } catch (e) {
    if (e instanceof OtaRefusal) audit(store, { action: 'root-update', result: 'refused', attack: e.attack, detail: e.message });
    throw e;
  }
  store.writeTrustedRoot(next);
  audit(store, { action: 'root-update', result: 'ok', detail: `root v${trusted.root.version} → v${next.root.version}` });
  return { from: trusted.root.version, to: next.root.version };
}
