// What a device checks a package against, in one place for every path (install, boot, `hpa ota
// drive`, `hpa run --ota`, the real-time live swap, the campaign): its hardware id, its trust
// anchor and its anti-rollback floor — the confirmed version and the highest of the secure
// store's monotonic counter, the sealed state's counter and the active slot's release counter.
// And when a verified release may take over: by default only parked (pilot off, standstill).
import { existsSync } from 'node:fs';
import { OtaError, OtaRefusal } from '../errors.js';
import { verifyRelease, type InstalledRelease, type VerifyContext, type VerifiedRelease } from '../release/verify.js';
import { isBoundedCounter, MAX_COUNTER } from './secure-store.js';
import { ROOT_RECORD, SlotStore, type OtaState } from './slots.js';
import { seenUnder } from './freshness.js';

export function antiRollbackFloor(state: OtaState, secureCounter: number): InstalledRelease {
  const active = state.slots[state.active];
  return { version: state.confirmedVersion, releaseCounter: Math.max(secureCounter, state.antiRollbackCounter, active?.releaseCounter ?? 0) };
}

export interface DeviceView {
  dir: string; hardwareId: string; installed: InstalledRelease; rootPath: string;
  /** The metadata floors (freshness.ts) under the sealed root: a live path refuses a replay as install does. */
  seen: NonNullable<VerifyContext['seen']>;
}

/** The device in a state directory, read only (no lock taken, the mirror left alone); null if there is none. */
export function deviceView(dir: string): DeviceView | null {
  if (!existsSync(dir)) return null;
  const store = new SlotStore(dir);
  if (!store.exists()) return null;
  const state = store.peek();
  if (!state) return null;
  const rootProblem = store.rootMirrorProblem();
  if (rootProblem) throw new OtaError('state-tampered', `state-tampered: ${rootProblem.message} (run \`hpa ota boot\` to ${rootProblem.behind ? 'complete it' : 'restore it'})`, 32);
  const seen = store.secure.readRecord(ROOT_RECORD) !== null ? seenUnder(store.secure, store.trustedRoot()) : {};
  return { dir, hardwareId: state.hardwareId, installed: antiRollbackFloor(state, store.secure.counter()), rootPath: store.rootPath, seen };
}

/**
 * The floor a live path checks against: the device's when there is one, else a factory-fresh
 * ECU running `runningVersion` (counter 0). A device running a newer version than its floor
 * keeps that version as the floor.
 */
export function liveFloor(view: DeviceView | null, runningVersion: string): InstalledRelease {
  if (!view) return { version: runningVersion, releaseCounter: 0 };
  return { version: newer(view.installed.version, runningVersion), releaseCounter: view.installed.releaseCounter };
}

const newer = (a: string, b: string) => {
  const pa = a.split('.').map(Number), pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i] > pb[i] ? a : b;
  return a;
};

/** The one verification every path runs: the release checks, then the device's own bound on counters. */
export function verifyForDevice(source: string | Uint8Array, ctx: VerifyContext): VerifiedRelease {
  const release = verifyRelease(source, ctx);
  if (!isBoundedCounter(release.meta.releaseCounter)) {
    throw new OtaRefusal('malformed', `release counter ${release.meta.releaseCounter} is not an integer in 0 … ${MAX_COUNTER} (the secure store's counter cannot hold it)`);
  }
  return release;
}

/** UN R156 / ISO 24089: a driving-function update activates with the vehicle in a safe state. */
export type ActivationPolicy = 'parked' | 'live';

export const PARKED_MAX_SPEED_MPS = 0.1;

/** Whether a verified release may take over now: always with `live` (bench / HIL), else parked with the pilot off. */
export function mayActivate(policy: ActivationPolicy, egoSpeedMps: number, pilotActive: boolean): boolean {
  return policy === 'live' || (!pilotActive && egoSpeedMps <= PARKED_MAX_SPEED_MPS);
}
