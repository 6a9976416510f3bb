// The vehicle-side updater: verify → write the inactive slot → activate on trial → trial
// window and post-trial watch → confirm (or roll back). Each step is committed by one atomic
// state write into the protected store, and `start()` (every command runs it first, holding the
// device lock) checks the device's integrity and brings a killed update to a consistent end.
import { compileFirmware } from '../swap/wasm.js';
import { sha256Hex, type FirmwareInfo } from '../../ecu/firmware.js';
import { OtaError, OtaRefusal } from '../errors.js';
import { killPoint } from './kill-points.js';
import { loadTrustedRoot } from '../release/trusted-root.js';
import { readPackageFile } from '../release/source.js';
import { bootSlot, other, SlotStore, type OtaState, type SlotName } from './slots.js';
import { runTrial, type TrialResult } from '../swap/trial.js';
import type { VerifiedRelease, VerifyContext } from '../release/verify.js';
import { raiseFreshness, seenUnder } from './freshness.js';
import { antiRollbackFloor, verifyForDevice } from './policy.js';
import { startDevice, type IntegrityIssue, type StartReport } from './boot.js';
import { appendAudit, type AuditRecord } from './audit.js';
import type { DeviceLock } from './lock.js';
import { notifyDriver } from './notify.js';

export interface UpdaterOptions {
  dir: string;
  /** The trusted root (default: the one provisioned in the state directory). */
  rootPath?: string;
  now?: Date;
  /** Trial: uptime driven on the running version before the swap, the window after it, the watch after that. */
  uptimeCycles?: number;
  trialCycles?: number;
  watchCycles?: number;
  deadlineMs?: number;
  seed?: number;
  /** The lock this updater holds (its takeover of a stale lock is audited at start). */
  lock?: DeviceLock;
  log?: (line: string) => void;
}

export type { StartReport } from './boot.js';

export class Updater {
  readonly store: SlotStore;
  private readonly log: (line: string) => void;
  private staleLockNoted = false;

  constructor(private readonly opts: UpdaterOptions) {
    this.store = new SlotStore(opts.dir);
    this.log = opts.log ?? (() => {});
  }

  audit(state: OtaState, record: Omit<AuditRecord, 'hardwareId' | 'runningVersion'>): void {
    appendAudit(this.store.auditPath, this.store.secure, { ...record, hardwareId: state.hardwareId, runningVersion: state.slots[bootSlot(state)]!.version });
  }

  /** What a power-on does (boot.ts); the integrity issues it found are in the report, not thrown. */
  start(resumeTrial = true): StartReport {
    const stale = this.staleLockNoted ? null : this.opts.lock?.tookOverStale ?? null;
    this.staleLockNoted = true;
    return startDevice(this, { resumeTrial, staleLock: stale, runTrial: (s) => this.runTrialAndDecide(s) });
  }

  /** start(), refusing to go on when the device's integrity is in question. */
  private startStrict(resumeTrial = true): OtaState {
    const report = this.start(resumeTrial);
    const issue = report.issues[0];
    if (issue) throw new OtaError(issue.code, issue.message, issue.exitCode);
    return report.state;
  }

  /** The device's checks on a package; reads the protected state without writing anything (no lock needed). */
  verify(packagePath: string, state = this.store.peek() ?? this.store.read()): VerifiedRelease {
    return verifyForDevice(packagePath, this.verifyContext(state));
  }

  /** The device's policy for one package: its root, clock, hardware id, anti-rollback floor and metadata floors. */
  private verifyContext(state: OtaState): VerifyContext {
    const root = this.opts.rootPath ? loadTrustedRoot(this.opts.rootPath) : this.store.trustedRoot();
    return {
      root, now: this.opts.now ?? new Date(), hardwareId: state.hardwareId,
      installed: antiRollbackFloor(state, this.store.secure.counter()),
      seen: seenUnder(this.store.secure, root),
    };
  }

  /** Full install. Throws OtaRefusal (audited, nothing changed) for a bad package. */
  install(packagePath: string, holdTrial = false): { state: OtaState; trial: TrialResult | null } {
    let state = this.startStrict();
    if (state.trial) throw new OtaError('trial-pending', `a trial of ${state.slots[state.trial]!.version} is pending; roll it back first`);
    let release: VerifiedRelease;
    const ctx = this.verifyContext(state);
    try {
      release = verifyForDevice(packagePath, ctx);
    } catch (e) {
      if (e instanceof OtaRefusal) this.audit(state, { action: 'install', result: 'refused', attack: e.attack, detail: e.message, packageSha256: packageHash(packagePath) });
      throw e;
    }
    const m = release.meta;
    this.log(`verified ${m.version} #${m.releaseCounter} (${m.category} ${m.filingId ?? '-'}) signed by ${release.keyId.slice(0, 16)}…`);
    // The metadata is accepted: its timestamp and snapshot versions are the new floors (TUF §5.4.3, §5.5.5).
    raiseFreshness(this.store.secure, ctx.root, release.versions);
    killPoint('verified');

    const target = other(state.active);
    // The inactive slot is neither running nor on trial: a torn write here harms nothing.
    state = { ...state, slots: { ...state.slots, [target]: null } };
    this.store.write(state);
    this.store.writeSlot(target, release.image);
    killPoint('slot-written');
    state = { ...state, slots: { ...state.slots, [target]: { version: m.version, releaseCounter: m.releaseCounter, sha256: m.sha256, length: m.length, packageSha256: release.packageSha256, filingId: m.filingId } } };
    this.store.write(state);
    this.audit(state, { action: 'install', result: 'ok', version: m.version, releaseCounter: m.releaseCounter, filingId: m.filingId ?? undefined, packageSha256: release.packageSha256 });
    killPoint('installed');

    // Activation is at the next power-on: parked, pilot off (UN R156). The driver is told first.
    notifyDriver(this, state, 'pending', { version: m.version, class: m.category, filingId: m.filingId, from: state.confirmedVersion });
    state = { ...state, trial: target, attempts: 0 };
    this.store.write(state);
    this.audit(state, { action: 'activate', result: 'ok', version: m.version, packageSha256: release.packageSha256 });
    killPoint('activated');
    if (holdTrial) return { state, trial: null };
    state = this.runTrialAndDecide(state);
    return { state, trial: this.lastTrial };
  }

  private lastTrial: TrialResult | null = null;

  /** One trial boot: count the attempt first (a crash in the trial is an attempt), run, then confirm or roll back. */
  private runTrialAndDecide(state: OtaState): OtaState {
    const slot = state.trial!;
    state = { ...state, attempts: state.attempts + 1 };
    this.store.write(state);
    const cur = state.slots[state.active]!, next = state.slots[slot]!;
    const load = (s: SlotName, v: string, sha: string) => ({ module: compileFirmware(this.store.readSlot(state, s)!), info: info(v, sha, s) });
    const uptimeCycles = this.opts.uptimeCycles ?? 6_000;
    const result = runTrial(load(state.active, cur.version, cur.sha256), load(slot, next.version, next.sha256), {
      seed: this.opts.seed ?? state.attempts, uptimeCycles, shadowCycles: 300,
      trialCycles: this.opts.trialCycles ?? 1_000, watchCycles: this.opts.watchCycles ?? 3_000, deadlineMs: this.opts.deadlineMs ?? 5,
      onCycle: (c) => { if (c === uptimeCycles + 50) killPoint('trial-running'); }, // inside the trial window
    });
    this.lastTrial = result;
    const from = cur.version;
    if (!result.passed) {
      state = { ...state, trial: null, attempts: 0 };
      this.store.write(state);
      this.audit(state, { action: 'trial', result: 'rolled-back', version: next.version, detail: `${result.fault}: ${result.detail}`, packageSha256: next.packageSha256 ?? undefined });
      notifyDriver(this, state, 'failed', { version: next.version, filingId: next.filingId, from });
      this.log(`trial of ${next.version} failed (${result.fault}: ${result.detail}); rolled back to ${cur.version}`);
      return state;
    }
    killPoint('trial-passed');
    state = { ...state, active: slot, trial: null, attempts: 0, confirmedVersion: next.version, antiRollbackCounter: Math.max(state.antiRollbackCounter, next.releaseCounter) };
    this.store.write(state); // the commit point of the confirmation
    this.store.secure.raiseCounter(state.antiRollbackCounter); // behind after a kill here: start() raises it
    this.audit(state, { action: 'confirm', result: 'ok', version: next.version, releaseCounter: next.releaseCounter, filingId: next.filingId ?? undefined, packageSha256: next.packageSha256 ?? undefined });
    killPoint('confirmed');
    notifyDriver(this, state, 'done', { version: next.version, filingId: next.filingId, from });
    this.log(`trial of ${next.version} passed (${result.cycles - result.swapCycle} cycles); confirmed, anti-rollback counter ${state.antiRollbackCounter}`);
    return state;
  }

  /** Abandons a pending trial. With none pending, a confirmed version cannot be rolled back (anti-rollback). */
  rollback(): OtaState {
    let state = this.startStrict(false);
    if (!state.trial) {
      const prev = state.slots[other(state.active)];
      throw new OtaError('rollback-protected', prev
        ? `${state.confirmedVersion} is confirmed; going back to ${prev.version} (#${prev.releaseCounter}) would pass under the anti-rollback counter ${state.antiRollbackCounter}`
        : 'nothing to roll back to', 5);
    }
    const version = state.slots[state.trial]!.version;
    state = { ...state, trial: null, attempts: 0 };
    this.store.write(state);
    this.audit(state, { action: 'rollback', result: 'rolled-back', version, detail: 'operator rollback of a pending trial' });
    return state;
  }
}

export type { IntegrityIssue };

function info(version: string, sha256: string, slot: SlotName): FirmwareInfo {
  return { version, build: 'external', file: `slot-${slot}.wasm`, sha256, bytes: 0, features: [] };
}

function packageHash(path: string): string | undefined {
  // Bounded: a refused package may be endless (a FIFO, /dev/zero); hash it only if it is a plausible file.
  try { return sha256Hex(readPackageFile(path)); } catch { return undefined; }
}
