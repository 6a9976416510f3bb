// Where the vehicle keeps its trusted root (the release side's TrustedRoot): <dir>/root.json,
// written once at manufacture (`hpa ota provision`) and replaced only by a root update that
// the trusted root authorises (`hpa ota root-update`, TUF §5.3.4). Both leave an audit record.
// (The protected store — integrity key outside the state directory — is the device side's.)
import { existsSync } from 'node:fs';
import { OtaError, OtaRefusal } from '../errors.js';
import { loadRootUpdate, loadTrustedRoot, readJsonFileBounded, rootFileText } from '../release/trusted-root.js';
import type { TrustedRoot } from '../release/root.js';
import { writeFileAtomic } from './atomic.js';
import { appendAudit, type AuditRecord } from './audit.js';
import { bootSlot, DEFAULT_FACTORY_VERSION, DEFAULT_HARDWARE_ID, SlotStore } from './slots.js';

function audit(store: SlotStore, record: Omit<AuditRecord, 'hardwareId' | 'runningVersion'>): void {
  const state = store.peek() ?? store.read();
  appendAudit(store.auditPath, store.secure, { ...record, hardwareId: state.hardwareId, runningVersion: state.slots[bootSlot(state)]!.version });
}

/** Manufacture: checks the root is self-signed at its threshold, creates the state, stores the root. */
export function provisionRoot(dir: string, rootPath: string, o: { hardwareId?: string; factoryVersion?: string } = {}): TrustedRoot {
  const store = new SlotStore(dir);
  if (existsSync(store.rootPath)) throw new OtaError('provisioned', `${dir} already holds a trusted root; a new root applies only through \`hpa ota root-update\``, 2);
  const trusted = loadTrustedRoot(readJsonFileBounded(rootPath, 'root'));
  store.init(o.hardwareId ?? DEFAULT_HARDWARE_ID, o.factoryVersion ?? DEFAULT_FACTORY_VERSION);
  writeFileAtomic(store.rootPath, rootFileText(trusted));
  audit(store, { action: 'provision', result: 'ok', detail: `root v${trusted.root.version}` });
  return trusted;
}

/** A root update: applied only if the trusted root's thresholds (old and new) sign it; refusals are audited. */
export function updateRoot(dir: string, updatePath: string): { from: number; to: number } {
  const store = new SlotStore(dir);
  const trusted = loadTrustedRoot(store.rootPath);
  let next: TrustedRoot;
  try {
    next = loadRootUpdate(trusted, updatePath);
  } catch (e) {
    if (e instanceof OtaRefusal) audit(store, { action: 'root-update', result: 'refused', attack: e.attack, detail: e.message });
    throw e;
  }
  writeFileAtomic(store.rootPath, rootFileText(next));
  audit(store, { action: 'root-update', result: 'ok', detail: `root v${trusted.root.version} → v${next.root.version}` });
  return { from: trusted.root.version, to: next.root.version };
}
