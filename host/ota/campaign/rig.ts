// One worker's test rig for the campaign: the running and the recall version instantiated once
// (and the recall version burnt in once), then one short randomised drive per vehicle —
// uptime on the running version, a shadow phase, the live swap, the trial window.
import { LAYOUT } from '../../ecu/abi-views.js';
import { Ecu } from '../../ecu/ecu.js';
import type { FirmwareInfo } from '../../ecu/firmware.js';
import { Candidate } from '../swap/candidate.js';
import { SyntheticDrive } from '../swap/drive.js';
import { FirmwareSwitch } from '../swap/swapper.js';
import { badOutput, type WatchdogFault } from '../swap/watchdog.js';
import { compileFirmware } from '../swap/wasm.js';

export interface VehicleTrial { vehicle: number; seed: number; stallMs: number }
export interface RigOptions { uptimeCycles: number; shadowCycles: number; trialCycles: number; deadlineMs: number }

/** Trial outcome codes (compact for postMessage): ok, rejected in the shadow run, or rolled back by the watchdog for a fault. */
export const TRIAL_OK = 0, TRIAL_SHADOW = 1;
export const ROLLBACK_CODES: Record<WatchdogFault, number> = { 'trap': 2, 'non-finite-output': 3, 'limit-breach': 4, 'deadline-overrun': 5, 'throttle-into-obstacle': 6, 'actuator-rate': 7, 'disagreement': 8 };
export const OUTCOME_NAMES = ['ok', 'shadow', 'trap', 'non-finite-output', 'limit-breach', 'deadline-overrun', 'throttle-into-obstacle', 'actuator-rate', 'disagreement'] as const;

export class CampaignRig {
  private readonly running: Ecu;
  private readonly fallback: Ecu;
  private readonly next: Ecu;
  private readonly sw: FirmwareSwitch;
  private readonly outputs = new Float64Array(LAYOUT.outputs.slots);
  private readonly shadowOut = new Float64Array(LAYOUT.outputs.slots);
  private readonly pristine: Uint8Array;

  constructor(current: { bytes: Uint8Array; info: FirmwareInfo }, recall: { bytes: Uint8Array; info: FirmwareInfo }, private readonly o: RigOptions) {
    const cur = compileFirmware(current.bytes);
    this.running = new Ecu(cur, current.info);
    this.fallback = new Ecu(cur, current.info);
    const candidate = new Candidate(recall.bytes, recall.info);
    candidate.burnIn();
    if (candidate.failure) throw new Error(`recall image failed burn-in: ${candidate.failure}`);
    this.next = candidate.shadow;
    this.pristine = this.next.snapshot();
    this.sw = new FirmwareSwitch(this.running, this.fallback, { trialCycles: o.trialCycles, deadlineMs: o.deadlineMs });
  }

  /** Runs one vehicle's drive; returns an outcome code (see OUTCOME_NAMES). */
  run(t: VehicleTrial): number {
    const { running, fallback, next, sw, outputs } = this;
    running.reset();
    sw.rebind(running, fallback);
    const drive = new SyntheticDrive(t.seed);
    const shadowFrom = this.o.uptimeCycles - this.o.shadowCycles;
    let cycle = 0;
    for (; cycle < this.o.uptimeCycles; cycle++) {
      const frame = drive.next(outputs);
      if (cycle === shadowFrom) next.restore(running.stateBytes);
      sw.cycle(frame, outputs, cycle);
      if (cycle >= shadowFrom) {
        next.inputs.set(frame);
        try { next.step(); } catch { return this.done(TRIAL_SHADOW); }
        this.shadowOut.set(next.outputs);
        if (badOutput(this.shadowOut) >= 0) return this.done(TRIAL_SHADOW);
      }
    }
    sw.swapTo(next);
    const stallAt = t.stallMs > 0 ? cycle + ((t.seed >>> 3) % this.o.trialCycles) : -1;
    for (const end = cycle + this.o.trialCycles; cycle < end && sw.inTrial; cycle++) {
      const frame = drive.next(outputs);
      if (cycle === stallAt || cycle === stallAt + 1) stall(next, t.stallMs); // two late steps in a row: the watchdog's threshold
      sw.cycle(frame, outputs, cycle);
    }
    const rollback = sw.events.find((e) => e.type === 'rollback');
    return this.done(rollback ? ROLLBACK_CODES[rollback.fault!] : TRIAL_OK);
  }

  private done(code: number): number {
    this.next.restore(this.pristine);
    return code;
  }
}

/** The vehicle's CPU is taken away for `ms` inside one step (a real overrun the watchdog measures). */
function stall(ecu: Ecu, ms: number): void {
  const original = ecu.step;
  const stalled = () => {
    original();
    const until = performance.now() + ms;
    while (performance.now() < until) { /* preempted */ }
    Object.defineProperty(ecu, 'step', { value: original, writable: true, configurable: true });
  };
  Object.defineProperty(ecu, 'step', { value: stalled, writable: true, configurable: true });
}
