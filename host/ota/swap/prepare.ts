// Getting a release ready without the control loop: verify (verify.ts, the same checks and
// order as every other path), check the state migration both ways, burn the compiled module in
// for BURN_IN_STEPS on a throwaway instance. Pure and synchronous: the real-time swap runs it in
// a worker thread (prepare-worker.ts) and posts the warmed WebAssembly.Module to the loop.
import type { FirmwareInfo } from '../../ecu/firmware.js';
import { BURN_IN_STEPS, Candidate } from './candidate.js';
import type { TrustedRoot } from '../release/root.js';
import { hasMigration } from './migrate.js';
import type { InstalledRelease, VerifyContext } from '../release/verify.js';
import { verifyForDevice } from '../device/policy.js';

export interface PrepareRequest {
  packageBytes: Uint8Array;
  root: TrustedRoot;
  hardwareId: string;
  installed: InstalledRelease;
  /** The device's metadata floors (device/freshness.ts). */
  seen?: VerifyContext['seen'];
  /** State layout of the running version: the candidate needs a migration both ways. */
  runningStateLayout: number;
  burnInSteps?: number;
  now?: Date;
}

export interface PreparedRelease {
  kind: 'ready';
  module: WebAssembly.Module;
  info: FirmwareInfo;
  release: { version: string; releaseCounter: number; class: string; filingId: string; scenarios: number };
  verifyMs: number;
  burnInMs: number;
  burnInSteps: number;
}

/** Verified but not fit to swap in: no migration, or a fault during burn-in. */
export interface RejectedRelease { kind: 'rejected'; version: string; reason: string; verifyMs: number; burnInMs: number }

/** Throws OtaRefusal (named attack) for a package that fails verification. */
export function prepareRelease(req: PrepareRequest): PreparedRelease | RejectedRelease {
  const t0 = performance.now();
  const release = verifyForDevice(req.packageBytes, { root: req.root, now: req.now ?? new Date(), hardwareId: req.hardwareId, installed: req.installed, seen: req.seen });
  const m = release.meta;
  const info: FirmwareInfo = { version: m.version, build: 'external', file: `release ${m.version}`, sha256: m.sha256, bytes: m.length, features: [] };
  const t1 = performance.now();
  const verifyMs = t1 - t0;
  const [from, to] = [req.runningStateLayout, m.stateLayoutVersion];
  if (!hasMigration(from, to) || !hasMigration(to, from)) {
    return { kind: 'rejected', version: m.version, reason: `no state migration between layouts ${from} and ${to}`, verifyMs, burnInMs: 0 };
  }
  // verifyPackage compiled the image for its ABI check: burn in that very module.
  const steps = req.burnInSteps ?? BURN_IN_STEPS;
  const candidate = new Candidate(release.module, info, steps);
  candidate.burnIn();
  const burnInMs = performance.now() - t1;
  if (candidate.failure) return { kind: 'rejected', version: m.version, reason: candidate.failure, verifyMs, burnInMs };
  return {
    kind: 'ready', module: release.module, info, verifyMs, burnInMs, burnInSteps: steps,
    release: { version: m.version, releaseCounter: m.releaseCounter, class: m.category, filingId: m.filingId ?? '-', scenarios: release.report.scenarios },
  };
}
