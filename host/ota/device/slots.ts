// The A/B slot store on disk:
//   <dir>/state.json         active slot, trial slot, attempts, confirmed version, anti-rollback counter
//   <dir>/slot-a.wasm, slot-b.wasm
//   <dir>/device-key.pem     the ECU's own key: signs its audit reports
// Every write goes through writeFileAtomic, and a slot image is written only while it is
// neither active nor on trial, so a kill at any point leaves a bootable state.
import { existsSync, mkdirSync, readFileSync, readdirSync, unlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { resolveFirmware, sha256Hex } from '../../ecu/firmware.js';
import { writeFileAtomic } from './atomic.js';
import { OtaError } from '../errors.js';
import { generateKey } from '../release/keys.js';

export type SlotName = 'a' | 'b';
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
  /** Raised only when a trial is confirmed (Android A/B, Uptane). */
  antiRollbackCounter: number;
  slots: Record<SlotName, SlotInfo | null>;
}

export const DEFAULT_HARDWARE_ID = 'XMA7000MBEVR2';
export const DEFAULT_FACTORY_VERSION = '1.0.0';

export function otaDir(dir?: string): string {
  return resolve(dir ?? process.env.HPA_OTA_DIR ?? '.hpa/ota');
}

export class SlotStore {
  constructor(readonly dir: string) {}

  get statePath(): string { return join(this.dir, 'state.json'); }
  slotPath(s: SlotName): string { return join(this.dir, `slot-${s}.wasm`); }
  get deviceKeyPath(): string { return join(this.dir, 'device-key.pem'); }
  get auditPath(): string { return join(this.dir, 'audit.jsonl'); }
  get trustPath(): string { return join(this.dir, 'trusted-keys.json'); }

  exists(): boolean { return existsSync(this.statePath); }

  /** Factory state: the given built version in slot A, confirmed. Idempotent until state.json exists. */
  init(hardwareId = DEFAULT_HARDWARE_ID, factoryVersion = DEFAULT_FACTORY_VERSION): OtaState {
    if (this.exists()) return this.read();
    mkdirSync(this.dir, { recursive: true });
    const image = resolveFirmware(factoryVersion);
    if (!existsSync(this.deviceKeyPath)) writeFileAtomic(this.deviceKeyPath, generateKey().privateKeyPem);
    writeFileAtomic(this.slotPath('a'), image.bytes);
    const state: OtaState = {
      format: 1, hardwareId, active: 'a', trial: null, attempts: 0, confirmedVersion: image.info.version, antiRollbackCounter: 0,
      slots: { a: { version: image.info.version, releaseCounter: 0, sha256: image.info.sha256, length: image.bytes.length, packageSha256: null, filingId: null }, b: null },
    };
    this.write(state); // the commit point of the factory install
    return state;
  }

  read(): OtaState {
    if (!this.exists()) throw new OtaError('no-state', `no OTA state in ${this.dir} (run \`hpa ota status --init\`)`);
    return JSON.parse(readFileSync(this.statePath, 'utf8')) as OtaState;
  }

  writeSlot(s: SlotName, image: Uint8Array): void { writeFileAtomic(this.slotPath(s), image); }

  write(state: OtaState): void { writeFileAtomic(this.statePath, JSON.stringify(state, null, 2) + '\n'); }

  /** The image of a slot, checked against the hash recorded for it; null if absent or damaged. */
  readSlot(state: OtaState, s: SlotName): Uint8Array | null {
    const info = state.slots[s];
    if (!info || !existsSync(this.slotPath(s))) return null;
    const bytes = new Uint8Array(readFileSync(this.slotPath(s)));
    return bytes.length === info.length && sha256Hex(bytes) === info.sha256 ? bytes : null;
  }

  /** Leftover temp files of a killed write: never read, safe to delete. */
  removeTempFiles(): number {
    let n = 0;
    for (const f of readdirSync(this.dir)) if (f.startsWith('.') && f.endsWith('.tmp')) { unlinkSync(join(this.dir, f)); n++; }
    return n;
  }
}

/** The slot the next start runs: the trial slot while a trial is pending and bootable, else the active one. */
export function bootSlot(state: OtaState): SlotName {
  return state.trial && state.attempts < MAX_TRIAL_ATTEMPTS ? state.trial : state.active;
}
