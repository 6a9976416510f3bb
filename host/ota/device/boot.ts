// Power-on (every command runs it first, holding the device lock): check the device's integrity,
// then bring whatever a kill interrupted to a consistent end.
//   audit log: the chain must reach the head anchored in the secure store — else nothing is
//     written (a broken chain gets no new links) and the issue `audit-broken` (31) is reported;
//   state and trusted root: the protected copies are authoritative; a mirror (state.json,
//     root.json) that is not its copy was tampered with — restored, audited once, reported as
//     `state-tampered` (32);
//   the secure counter is raised to the sealed state's (a kill between the two writes);
//   a damaged active slot falls back to the other slot if it verifies (`slot-fallback`, 34);
//   a trial given up (3 boots unconfirmed, or its slot damaged) is rolled back, a pending one resumed.
import { OtaError } from '../errors.js';
import { catchUpAnchor, checkAudit, type AuditIntegrity, type AuditRecord } from './audit.js';
import { readFreshness, type Freshness } from './freshness.js';
import type { LockOwner } from './lock.js';
import { bootSlot, MAX_TRIAL_ATTEMPTS, other, type OtaState, type SlotName, type SlotStore } from './slots.js';

/** What start-up needs of the updater: its store and its audit writer. */
export interface DeviceHandle { readonly store: SlotStore; audit(state: OtaState, record: Omit<AuditRecord, 'hardwareId' | 'runningVersion'>): void }

export interface IntegrityIssue { code: 'audit-broken' | 'state-tampered' | 'slot-fallback'; exitCode: number; message: string }

export interface StartReport {
  state: OtaState; running: SlotName; runningVersion: string; actions: string[]; issues: IntegrityIssue[]; audit: AuditIntegrity;
  /** The metadata versions this vehicle accepted (freshness.ts): older ones are refused as replays. */
  freshness: Freshness;
}

export const AUDIT_BROKEN_EXIT = 31, STATE_TAMPERED_EXIT = 32, SLOT_FALLBACK_EXIT = 34;

export interface StartOptions { resumeTrial: boolean; staleLock: LockOwner | null; runTrial: (state: OtaState) => OtaState }

export function startDevice(u: DeviceHandle, o: StartOptions): StartReport {
  const store = u.store;
  const actions: string[] = [];
  const issues: IntegrityIssue[] = [];
  if (store.removeTempFiles() > 0) actions.push('removed leftovers of an interrupted write');
  catchUpAnchor(store.auditPath, store.secure);
  const audit = checkAudit(store.auditPath, store.secure);
  let state = store.read();
  const report = () => { const running = bootSlot(state); return { state, running, runningVersion: state.slots[running]!.version, actions, issues, audit, freshness: readFreshness(store.secure) }; };
  if (!audit.intact) {
    issues.push({ code: 'audit-broken', exitCode: AUDIT_BROKEN_EXIT, message: `audit-broken: audit log ${store.auditPath}: ${audit.problem}; nothing is written to a broken chain (run \`hpa ota recover --audit\` to archive it and start a new one)` });
    return report();
  }
  if (o.staleLock) u.audit(state, { action: 'recover', result: 'ok', detail: `took over the stale updater lock of pid ${o.staleLock.pid} (since ${o.staleLock.acquiredAt})` });
  const tampered = store.lastRead?.tampered;
  if (tampered) {
    const message = `state-tampered: ${tampered}: restored from the protected copy (generation ${store.lastRead!.generation})`;
    u.audit(state, { action: 'recover', result: 'restored', detail: message });
    issues.push({ code: 'state-tampered', exitCode: STATE_TAMPERED_EXIT, message });
    actions.push(message);
  }
  const rootProblem = store.rootMirrorProblem();
  if (rootProblem?.behind) {
    // A root update killed after its commit point: complete it (the sealed root is the trusted one).
    const root = store.trustedRoot();
    const message = `${rootProblem.message}; completed the update to root v${root.root.version}`;
    u.audit(state, { action: 'recover', result: 'ok', detail: message });
    store.writeRootMirror(root);
    actions.push(message);
  } else if (rootProblem) {
    store.writeTrustedRoot(store.trustedRoot());
    const message = `state-tampered: ${rootProblem.message}: restored from the protected copy`;
    u.audit(state, { action: 'recover', result: 'restored', detail: message });
    issues.push({ code: 'state-tampered', exitCode: STATE_TAMPERED_EXIT, message });
    actions.push(message);
  }
  if (store.secure.counter() < state.antiRollbackCounter) store.secure.raiseCounter(state.antiRollbackCounter);

  if (!store.readSlot(state, state.active)) state = fallBack(u, state, actions, issues);
  if (state.trial && (state.attempts >= MAX_TRIAL_ATTEMPTS || !store.readSlot(state, state.trial))) {
    const version = state.slots[state.trial]?.version;
    const why = state.attempts >= MAX_TRIAL_ATTEMPTS ? `${state.attempts} trial boots without confirmation` : 'trial slot damaged';
    state = { ...state, trial: null, attempts: 0 };
    store.write(state);
    u.audit(state, { action: 'recover', result: 'rolled-back', version, detail: why });
    actions.push(`rolled back the trial of ${version}: ${why}`);
  }
  if (state.trial && o.resumeTrial) {
    actions.push(`resumed the trial of ${state.slots[state.trial]!.version} (attempt ${state.attempts + 1}/${MAX_TRIAL_ATTEMPTS})`);
    u.audit(state, { action: 'recover', result: 'resumed', version: state.slots[state.trial]!.version });
    state = o.runTrial(state);
  }
  return report();
}

/** The active slot does not match its recorded hash: run the other slot if it verifies; never lower the counter. */
function fallBack(u: DeviceHandle, state: OtaState, actions: string[], issues: IntegrityIssue[]): OtaState {
  const damaged = state.active, alt = other(damaged);
  const lost = state.slots[damaged]!;
  const altInfo = state.slots[alt];
  if (!altInfo || !u.store.readSlot(state, alt)) {
    throw new OtaError('no-bootable-slot', `active slot ${damaged} (${lost.version}) does not match its recorded hash and slot ${alt} holds no verified image: reflash the ECU at a service point`, 4);
  }
  const message = `slot-fallback: active slot ${damaged} (${lost.version}) does not match its recorded hash; running the verified slot ${alt} (${altInfo.version}); the anti-rollback counter stays at ${state.antiRollbackCounter}`;
  const next: OtaState = { ...state, active: alt, trial: null, attempts: 0, confirmedVersion: altInfo.version, slots: { ...state.slots, [damaged]: null } };
  u.store.write(next);
  u.audit(next, { action: 'recover', result: 'rolled-back', version: lost.version, detail: message });
  issues.push({ code: 'slot-fallback', exitCode: SLOT_FALLBACK_EXIT, message });
  actions.push(message);
  return next;
}
