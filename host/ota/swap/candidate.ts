// Getting a new version ready off the loop: compile, burn in on synthetic frames (so V8 has
// optimised code before the first real cycle), then a shadow run on copies of the real inputs
// from the running version's state, checking the same invariants the trial watchdog checks,
// the physical envelope, and its disagreement with the running version.
import { compileFirmware } from './wasm.js';
import { Ecu } from '../../ecu/ecu.js';
import type { FirmwareInfo } from '../../ecu/firmware.js';
import { SyntheticDrive } from './drive.js';
import { migrateState } from './migrate.js';
import { stepOnce } from './swapper.js';
import { badOutput, describeBadOutput } from './watchdog.js';
import { DisagreementMonitor, EnvelopeMonitor } from './envelope.js';

/** toolchain.md: ~20,000 steps remove the cold-swap spike; 2,000 were not enough. */
export const BURN_IN_STEPS = 20_000;

export class Candidate {
  readonly module: WebAssembly.Module;
  /** The instance that shadows the loop and, at the swap, takes over (it is warm). */
  readonly shadow: Ecu;
  private burnInLeft: number;
  private burnInEcu: Ecu | null;
  private burnInDrive: SyntheticDrive;
  shadowCycles = 0;
  /** Shadow cycles whose outputs differed from the running version's (expected across versions). */
  divergedCycles = 0;
  /** First invariant failure seen in burn-in or shadow; a candidate with one is never swapped in. */
  failure: string | null = null;
  private readonly envelope = new EnvelopeMonitor();
  private readonly disagreement = new DisagreementMonitor();

  constructor(image: Uint8Array | WebAssembly.Module, readonly info: FirmwareInfo, burnInSteps = BURN_IN_STEPS, seed = 1) {
    this.module = image instanceof WebAssembly.Module ? image : compileFirmware(image);
    this.shadow = new Ecu(this.module, info);
    // 0 steps: the module was burnt in elsewhere (a worker thread); skip the throwaway instance.
    this.burnInEcu = burnInSteps > 0 ? new Ecu(this.module, info) : null;
    this.burnInLeft = burnInSteps;
    this.burnInDrive = new SyntheticDrive(seed);
  }

  get burnedIn(): boolean { return this.burnInLeft <= 0; }

  /** Runs up to `steps` burn-in cycles on a throwaway instance; returns true when done. */
  burnIn(steps = this.burnInLeft): boolean {
    const ecu = this.burnInEcu;
    if (!ecu) return true;
    const n = Math.min(steps, this.burnInLeft);
    for (let i = 0; i < n; i++) {
      ecu.inputs.set(this.burnInDrive.next(ecu.outputs));
      const trap = stepOnce(ecu);
      if (trap !== null) { this.failure ??= `burn-in: trap: ${trap}`; break; }
      if (badOutput(ecu.outputs) >= 0) this.failure ??= `burn-in: ${describeBadOutput(ecu.outputs, badOutput(ecu.outputs)).detail}`;
    }
    this.burnInLeft -= n;
    if (this.burnInLeft <= 0) this.burnInEcu = null;
    return this.burnInLeft <= 0;
  }

  /** Starts (or restarts) the shadow from the running version's state. */
  startShadow(running: Ecu): void {
    migrateState(running.stateBytes, running.stateLayoutVersion, this.shadow.stateBytes, this.shadow.stateLayoutVersion);
    this.envelope.prime(running.outputs);
    this.disagreement.reset();
  }

  /** One shadow cycle on a copy of the frame the running version just saw. */
  shadowStep(frame: Float64Array, runningOutputs: Float64Array): void {
    const s = this.shadow;
    s.inputs.set(frame);
    const trap = stepOnce(s);
    if (trap !== null) {
      this.failure ??= `shadow: trap: ${trap}`;
      return;
    }
    this.shadowCycles++;
    const bad = badOutput(s.outputs);
    if (bad >= 0) this.failure ??= `shadow: ${describeBadOutput(s.outputs, bad).detail}`;
    // The physical envelope, and the running version as the reference: a candidate more
    // aggressive than the fielded version for longer than the calibrated time is not swapped in.
    const breach = this.envelope.check(frame, s.outputs) ?? this.disagreement.check(s.outputs, runningOutputs);
    if (breach) this.failure ??= `shadow: ${breach.fault}: ${breach.detail}`;
    for (let i = 0; i < runningOutputs.length; i++) {
      if (!Object.is(s.outputs[i], runningOutputs[i])) { this.divergedCycles++; break; }
    }
  }
}
