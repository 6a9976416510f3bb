// The A/B slot store. In the state directory:
//   <dir>/state.json         the sealed mirror of the device state (protected-state.ts)
//   <dir>/slot-a.wasm, slot-b.wasm
//   <dir>/audit.jsonl        the signed, anchored audit log (audit.ts)
// In the device's secure store (secure-store.ts), out of the state directory's reach: the
// authoritative state, the anti-rollback counter, the audit anchor and the device key.
// Every write goes through writeFileAtomic, and a slot image is written only while it is
// neither active nor on trial, so a kill at any point leaves a bootable state.
import { existsSync, readFileSync, readdirSync, unlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { resolveFirmware, sha256Hex } from '../../ecu/firmware.js';
import { writeFileAtomic } from './atomic.js';
import { OtaError } from '../errors.js';
import { ProtectedState, type StateRead } from './protected-state.js';
import { loadTrustedRoot, rootFileText } from '../release/trusted-root.js';
import { applyRootUpdate, type TrustedRoot } from '../release/root.js';
import { ensureStateDir, FileSecureStore, isBoundedCounter, MAX_COUNTER, SecureStoreError, securePartitionFor, type SecureStorage } from './secure-store.js';

/** The sealed record holding the trusted root in the secure store. */
export const ROOT_RECORD = 'root';
export const SLOT_NAMES = ['a', 'b'] as const;
export type SlotName = (typeof SLOT_NAMES)[number];
export const isSlotName = (s: unknown): s is SlotName => s === 'a' || s === 'b';
export const other = (s: SlotName): SlotName => (s === 'a' ? 'b' : 'a');
/** Boots of a trial before it is given up (a crash in the trial counts as one). */
export const MAX_TRIAL_ATTEMPTS = 3;

export interface SlotInfo { version: string; releaseCounter: number; sha256: string; length: number; packageSha256: string | null; filingId: string | null }

export interface OtaState {
  format: 1;
  hardwareId: string;
  active: SlotName;
  trial: SlotName | null;
  attempts: number;
  confirmedVersion: string;
  /** Raised only when a trial is confirmed (Android A/B, Uptane); mirrored by the secure store's monotonic counter. */
  antiRollbackCounter: number;
  slots: Record<SlotName, SlotInfo | null>;
}

export const DEFAULT_HARDWARE_ID = 'XMA7000MBEVR2';
export const DEFAULT_FACTORY_VERSION = '1.0.0';

export function otaDir(dir?: string): string {
  return resolve(dir ?? process.env.HPA_OTA_DIR ?? '.hpa/ota');
}

export class SlotStore {
  private secureStore: SecureStorage | null;
  /** What the last read found wrong with the mirror (tampering), if anything. */
  lastRead: StateRead<OtaState> | null = null;

  constructor(readonly dir: string, secure?: SecureStorage) { this.secureStore = secure ?? null; }

  get statePath(): string { return join(this.dir, 'state.json'); }
  slotPath(s: SlotName): string {
    if (!isSlotName(s)) throw new OtaError('bad-slot', `slot name ${JSON.stringify(s)} is not one of ${SLOT_NAMES.join(', ')}`, 32);
    return join(this.dir, `slot-${s}.wasm`);
  }
  get auditPath(): string { return join(this.dir, 'audit.jsonl'); }
  /** The trusted root provisioned at manufacture (`hpa ota provision`), updated only by `hpa ota root-update`. */
  get rootPath(): string { return join(this.dir, 'root.json'); }
  get partition(): string { return securePartitionFor(this.dir); }

  /** The device's secure store; throws `secure-store` if this state directory has none. */
  get secure(): SecureStorage {
    if (this.secureStore) return this.secureStore;
    if (!FileSecureStore.isProvisioned(this.partition)) throw this.unprotected();
    return (this.secureStore = FileSecureStore.open(this.partition));
  }

  private get protectedState(): ProtectedState<OtaState> { return new ProtectedState<OtaState>(this.secure, this.statePath); }

  private unprotected(): SecureStoreError {
    return new SecureStoreError(`${this.dir} has a state.json but no secure store at ${this.partition} ($HPA_SECURE_DIR): refusing to run on unprotected state; restore that secure store, or move the state directory away to provision a new device`);
  }

  exists(): boolean {
    if (this.secureStore || FileSecureStore.isProvisioned(this.partition)) return this.protectedState.hasProtectedCopy() || existsSync(this.statePath);
    return existsSync(this.statePath);
  }

  /** Factory state: the given built version in slot A, confirmed. Does nothing once a state exists (start() checks it). */
  init(hardwareId = DEFAULT_HARDWARE_ID, factoryVersion = DEFAULT_FACTORY_VERSION): void {
    ensureStateDir(this.dir);
    if (!this.secureStore && !FileSecureStore.isProvisioned(this.partition)) {
      if (existsSync(this.statePath)) throw this.unprotected();
      this.secureStore = FileSecureStore.provision(this.partition);
    }
    if (this.exists()) return;
    const image = resolveFirmware(factoryVersion);
    writeFileAtomic(this.slotPath('a'), image.bytes);
    const state: OtaState = {
      format: 1, hardwareId, active: 'a', trial: null, attempts: 0, confirmedVersion: image.info.version, antiRollbackCounter: 0,
      slots: { a: { version: image.info.version, releaseCounter: 0, sha256: image.info.sha256, length: image.bytes.length, packageSha256: null, filingId: null }, b: null },
    };
    this.write(state); // the commit point of the factory install
  }

  /** The authoritative state; a mirror that is not its copy is rewritten and reported in `lastRead`. */
  read(): OtaState {
    const read = this.protectedState.read();
    if (!read) {
      if (existsSync(this.statePath)) throw new SecureStoreError(`the secure store ${this.partition} holds no state for ${this.dir}, which has a state.json: refusing to trust the unprotected copy`);
      throw new OtaError('no-state', `no OTA state in ${this.dir} (run \`hpa ota status\` to provision one)`);
    }
    this.lastRead = read;
    return checkState(read.value, `protected state of ${this.dir}`);
  }

  /** The authoritative state without touching the mirror (for paths that only read: drive, live, campaign). */
  peek(): OtaState | null {
    const value = this.protectedState.peek();
    return value ? checkState(value, `protected state of ${this.dir}`) : null;
  }

  writeSlot(s: SlotName, image: Uint8Array): void { writeFileAtomic(this.slotPath(s), image); }

  write(state: OtaState): void { this.protectedState.write(checkState(state, 'new state')); }

  /** The trusted root: the sealed copy in the secure store (root.json is its mirror). */
  trustedRoot(): TrustedRoot {
    const sealed = this.secure.readRecord<unknown>(ROOT_RECORD);
    if (sealed === null) throw new OtaError('not-provisioned', `no trusted root at ${this.dir}: provision the vehicle first (\`hpa ota provision --root <root.json> --dir ${this.dir}\`)`);
    return loadTrustedRoot(sealed);
  }

  /**
   * Why root.json is not the sealed root, or null. `behind`: it is the root the sealed one
   * replaced, by a valid update (a root update killed before its mirror write); anything else
   * (missing, edited, replaced) is tampering.
   */
  rootMirrorProblem(): { behind: boolean; message: string } | null {
    const sealed = this.secure.readRecord<unknown>(ROOT_RECORD);
    if (sealed === null) return null;
    if (!existsSync(this.rootPath)) return { behind: false, message: `${this.rootPath} is missing` };
    const text = readFileSync(this.rootPath, 'utf8');
    if (text === rootFileText(loadTrustedRoot(sealed))) return null;
    if (isPredecessor(text, sealed)) return { behind: true, message: `${this.rootPath} is the previous root: a root update was interrupted before its mirror write` };
    return { behind: false, message: `${this.rootPath} differs from the protected copy of the trusted root` };
  }

  /** Seals a trusted root (the commit point), then writes its readable mirror. */
  writeTrustedRoot(root: TrustedRoot): void {
    this.sealTrustedRoot(root);
    this.writeRootMirror(root);
  }

  sealTrustedRoot(root: TrustedRoot): void { this.secure.writeRecord(ROOT_RECORD, root.envelope); }
  writeRootMirror(root: TrustedRoot): void { writeFileAtomic(this.rootPath, rootFileText(root)); }

  /** The image of a slot, checked against the hash recorded for it; null if absent or damaged. */
  readSlot(state: OtaState, s: SlotName): Uint8Array | null {
    const info = state.slots[s];
    if (!info || !existsSync(this.slotPath(s))) return null;
    const bytes = new Uint8Array(readFileSync(this.slotPath(s)));
    return bytes.length === info.length && sha256Hex(bytes) === info.sha256 ? bytes : null;
  }

  /** Leftover temp files of a killed write (state directory and secure store): never read, safe to delete. */
  removeTempFiles(): number {
    let n = 0;
    for (const dir of [this.dir, this.secureStore ? this.secureStore.location : null]) {
      if (!dir || !existsSync(dir)) continue;
      for (const f of readdirSync(dir)) if (f.startsWith('.') && f.endsWith('.tmp')) { unlinkSync(join(dir, f)); n++; }
    }
    return n;
  }
}

/** Whether a mirror's text is the root that a valid update replaced by `sealed` (TUF §5.3.4 run again). */
function isPredecessor(text: string, sealed: unknown): boolean {
  try {
    applyRootUpdate(loadTrustedRoot(JSON.parse(text) as unknown), sealed);
    return true;
  } catch { return false; }
}

/** The slot the next start runs: the trial slot while a trial is pending and bootable, else the active one. */
export function bootSlot(state: OtaState): SlotName {
  return state.trial && state.attempts < MAX_TRIAL_ATTEMPTS ? state.trial : state.active;
}

/** Every field of a state with its type and bounds; a bad one is named, never used. */
export function checkState(s: OtaState, where: string): OtaState {
  const bad = (field: string, why: string) => new OtaError('bad-state', `${where}: field "${field}" ${why}`, 33);
  if (!s || typeof s !== 'object') throw bad('(root)', 'is not an object');
  if (s.format !== 1) throw bad('format', `is ${JSON.stringify(s.format)}, expected 1`);
  if (typeof s.hardwareId !== 'string' || !s.hardwareId) throw bad('hardwareId', 'is not a string');
  if (!isSlotName(s.active)) throw bad('active', `is ${JSON.stringify(s.active)}, not one of ${SLOT_NAMES.join(', ')}`);
  if (s.trial !== null && !isSlotName(s.trial)) throw bad('trial', `is ${JSON.stringify(s.trial)}, not null or one of ${SLOT_NAMES.join(', ')}`);
  if (!Number.isSafeInteger(s.attempts) || s.attempts < 0 || s.attempts > MAX_TRIAL_ATTEMPTS) throw bad('attempts', `is not an integer in 0 … ${MAX_TRIAL_ATTEMPTS}`);
  if (typeof s.confirmedVersion !== 'string' || !/^\d+\.\d+\.\d+$/.test(s.confirmedVersion)) throw bad('confirmedVersion', 'is not x.y.z');
  if (!isBoundedCounter(s.antiRollbackCounter)) throw bad('antiRollbackCounter', `is not an integer in 0 … ${MAX_COUNTER}`);
  if (!s.slots || typeof s.slots !== 'object' || Object.keys(s.slots).some((k) => !isSlotName(k))) throw bad('slots', `may only hold ${SLOT_NAMES.join(', ')}`);
  for (const name of SLOT_NAMES) {
    const info = s.slots[name];
    if (info === null || info === undefined) { s.slots[name] = null; continue; }
    if (!isBoundedCounter(info.releaseCounter)) throw bad(`slots.${name}.releaseCounter`, `is not an integer in 0 … ${MAX_COUNTER}`);
    if (typeof info.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(info.sha256)) throw bad(`slots.${name}.sha256`, 'is not a SHA-256');
    if (!Number.isSafeInteger(info.length) || info.length <= 0) throw bad(`slots.${name}.length`, 'is not a positive integer');
  }
  if (!s.slots[s.active]) throw bad('active', `names the empty slot ${s.active}`);
  if (s.trial && !s.slots[s.trial]) throw bad('trial', `names the empty slot ${s.trial}`);
  return s;
}
