// The A/B switch inside the control loop. One version serves the cycles; the previous one is
// kept warm as the fallback. A swap copies (or migrates) the state block at a cycle boundary
// and opens a trial window; in it a trap, a non-finite or out-of-range output or a deadline
// overrun — or a step outside the physical envelope (envelope.ts) — makes the fallback serve that
// very cycle from the pre-cycle state and ends the trial. After the trial the new version is
// still watched: the previous one stays warm, and a later trap, bad output or envelope breach
// rolls back to it for good. Before any swap the same guard keeps a trap from reaching the host loop.
import { RECORDER } from '../../../abi/signals.js';
import { LAYOUT, ST } from '../../ecu/abi-views.js';
import type { Ecu } from '../../ecu/ecu.js';
import type { Controller } from '../../runner/controller.js';
import { OtaError } from '../errors.js';
import { hasMigration, migrateState } from './migrate.js';
import { badOutput, describeBadOutput, type WatchdogFault } from './watchdog.js';
import { EnvelopeMonitor } from './envelope.js';

export interface SwapEvent {
  cycle: number;
  type: 'swap' | 'rollback' | 'confirm' | 'fault';
  version: string;
  fault?: WatchdogFault;
  detail?: string;
}

export interface SwitchOptions {
  trialCycles: number;
  /** Step time above which a trial cycle counts as a deadline overrun. */
  deadlineMs: number;
  /**
   * Consecutive overruns needed before the watchdog acts (default 2). One late cycle is what a
   * preempted host does now and then; a version too slow for its budget is late every cycle.
   */
  overrunsToFail?: number;
  onEvent?: (e: SwapEvent) => void;
}

export class FirmwareSwitch implements Controller {
  private activeEcu: Ecu;
  private fallbackEcu: Ecu;
  private readonly preCycleState: Uint8Array;
  private trialLeft = 0;
  /** After a swap: the new version is held to the envelope, and a fault rolls back to the previous one. */
  private watching = false;
  private readonly envelope = new EnvelopeMonitor();
  private overrunStreak = 0;
  private cycleNo = 0;
  readonly events: SwapEvent[] = [];
  /** Cycles whose outputs came from the fallback because the active version failed. */
  fallbackCycles = 0;
  /** Faults outside a trial; only the first MAX_FAULT_EVENTS are kept as events (a stuck fault must not grow memory). */
  faultCount = 0;

  constructor(active: Ecu, fallback: Ecu, private readonly opts: SwitchOptions) {
    this.activeEcu = active;
    this.fallbackEcu = fallback;
    this.preCycleState = active.snapshot();
    this.backup64 = new Float64Array(this.preCycleState.buffer, 0, this.preCycleState.length >> 3);
    this.active64 = view64(active);
  }

  private readonly backup64: Float64Array;
  private active64: Float64Array;

  /**
   * Keeps `preCycleState` equal to the active state block without copying all 26 KB per cycle:
   * a step changes the scalars and at most the one recorder row at the pre-cycle head.
   */
  private syncBackup(headBefore: number): void {
    const b = this.backup64, src = this.active64;
    for (let i = 0; i < SCALAR_SLOTS; i++) b[i] = src[i];
    const row = RING_SLOT + headBefore * EDR_ROW_SLOTS;
    for (let i = row; i < row + EDR_ROW_SLOTS; i++) b[i] = src[i];
  }

  /** Reuses this switch for another drive (the campaign runs thousands per worker). */
  rebind(active: Ecu, fallback: Ecu): void {
    this.activeEcu = active;
    this.fallbackEcu = fallback;
    this.active64 = view64(active);
    this.preCycleState.set(active.stateBytes);
    this.trialLeft = 0;
    this.watching = false;
    this.envelope.reset();
    this.cycleNo = 0;
    this.fallbackCycles = 0;
    this.faultCount = 0;
    this.events.length = 0;
  }

  /**
   * Runs the loop, the swap and the trial path a few times with the two instances it holds, then
   * powers both up afresh (toolchain.md: exercise the swap path with two instances at start-up,
   * or the first real swap pays for V8 compiling it — ~150 µs measured).
   */
  warmUp(drive: { next(outputs: Float64Array | null): Float64Array }, outputs: Float64Array): void {
    const first = this.activeEcu;
    for (let k = 0; k < 6; k++) {
      for (let c = 0; c < 50; c++) this.cycle(drive.next(outputs), outputs, c);
      this.swapTo(this.fallbackEcu, 20);
    }
    if (this.activeEcu !== first) this.swapTo(this.fallbackEcu, 0);
    first.reset();
    this.fallbackEcu.reset();
    this.rebind(first, this.fallbackEcu);
  }

  get ecu(): Ecu { return this.activeEcu; }
  get fallback(): Ecu { return this.fallbackEcu; }
  get inTrial(): boolean { return this.trialLeft > 0; }
  /** The new version is still on watch (after a swap, until a rollback). */
  get onWatch(): boolean { return this.watching; }

  cycle(frame: Float64Array, outputs: Float64Array, cycleIndex = this.cycleNo): void {
    this.cycleNo = cycleIndex + 1;
    const a = this.activeEcu;
    const headBefore = this.backup64[ST.edrHead];
    a.inputs.set(frame);
    let fault: WatchdogFault | null = null;
    let detail = '';
    const t0 = this.trialLeft > 0 ? performance.now() : 0;
    const trap = stepOnce(a);
    if (trap !== null) { fault = 'trap'; detail = trap; }
    if (fault === null) {
      const bad = badOutput(a.outputs);
      if (bad >= 0) ({ fault, detail } = describeBadOutput(a.outputs, bad));
      else if (this.watching) {
        const breach = this.envelope.check(frame, a.outputs);
        if (breach) ({ fault, detail } = breach);
      }
      if (fault === null && this.trialLeft > 0) {
        const ms = performance.now() - t0;
        this.overrunStreak = ms > this.opts.deadlineMs ? this.overrunStreak + 1 : 0;
        if (this.overrunStreak >= (this.opts.overrunsToFail ?? 2)) {
          fault = 'deadline-overrun';
          detail = `${this.overrunStreak} steps in a row over ${this.opts.deadlineMs} ms (last ${ms.toFixed(2)} ms)`;
        }
      }
    }
    if (fault === null) {
      this.syncBackup(headBefore);
      outputs.set(a.outputs);
      if (this.trialLeft > 0 && --this.trialLeft === 0) this.emit({ cycle: cycleIndex, type: 'confirm', version: a.version });
      return;
    }
    this.serveFromFallback(frame, outputs, cycleIndex, fault, detail);
    this.preCycleState.set(this.activeEcu.stateBytes); // rare path: full resync
  }

  private serveFromFallback(frame: Float64Array, outputs: Float64Array, cycleIndex: number, fault: WatchdogFault, detail: string): void {
    const failed = this.activeEcu, fb = this.fallbackEcu;
    this.fallbackCycles++;
    migrateState(this.preCycleState, failed.stateLayoutVersion, fb.stateBytes, fb.stateLayoutVersion);
    fb.inputs.set(frame);
    const served = stepOnce(fb) === null;
    if (served && badOutput(fb.outputs) < 0) outputs.set(fb.outputs);
    else safeOutputs(outputs); // both versions failed on this frame: hand back, no command
    if (this.watching) {
      const afterConfirm = this.trialLeft === 0;
      this.trialLeft = 0;
      this.watching = false;
      this.activeEcu = fb;
      this.active64 = view64(fb);
      this.fallbackEcu = failed; // kept only so a later swap has an instance; never confirmed
      this.emit({ cycle: cycleIndex, type: 'rollback', version: fb.version, fault, detail: `${failed.version}: ${detail}${afterConfirm ? ' (after confirmation)' : ''}` });
    } else {
      // A fault outside a trial: the fallback served this cycle; the active version's state is
      // restored from it so the next cycle starts from a sane block.
      migrateState(fb.stateBytes, fb.stateLayoutVersion, failed.stateBytes, failed.stateLayoutVersion);
      this.emit({ cycle: cycleIndex, type: 'fault', version: failed.version, fault, detail });
    }
  }

  /** Switches to `next` at this cycle boundary: state copied (migrated), trial window opened. */
  swapTo(next: Ecu, trialCycles = this.opts.trialCycles): void {
    const prev = this.activeEcu;
    // A rollback must be able to hand the state back: both directions or no swap.
    if (!hasMigration(next.stateLayoutVersion, prev.stateLayoutVersion)) throw new OtaError('no-migration', `no state migration from layout ${next.stateLayoutVersion} back to ${prev.stateLayoutVersion}`);
    migrateState(prev.stateBytes, prev.stateLayoutVersion, next.stateBytes, next.stateLayoutVersion);
    if (prev.stateLayoutVersion !== next.stateLayoutVersion) this.preCycleState.set(next.stateBytes);
    this.activeEcu = next;
    this.active64 = view64(next);
    this.fallbackEcu = prev;
    this.trialLeft = trialCycles;
    this.watching = trialCycles > 0;
    this.envelope.prime(prev.outputs);
    this.overrunStreak = 0;
    this.emit({ cycle: this.cycleNo, type: 'swap', version: next.version, detail: `from ${prev.version}` });
    if (trialCycles === 0) this.emit({ cycle: this.cycleNo, type: 'confirm', version: next.version });
  }

  private emit(e: SwapEvent): void {
    if (e.type === 'fault' && ++this.faultCount > MAX_FAULT_EVENTS) return;
    this.events.push(e);
    this.opts.onEvent?.(e);
  }
}

// The recorder ring is f32 × channels per row; rows stay 8-byte aligned (asserted below).
const MAX_FAULT_EVENTS = 100;
const EDR_ROW_SLOTS = (RECORDER.channels.length * 4) / 8;
const SCALAR_SLOTS = LAYOUT.recorderOffset / 8;
const RING_SLOT = LAYOUT.recorderOffset / 8;
if (!Number.isInteger(EDR_ROW_SLOTS) || !Number.isInteger(SCALAR_SLOTS)) throw new Error('state block rows are not 8-byte aligned');
const view64 = (ecu: Ecu) => new Float64Array(ecu.stateBytes.buffer, ecu.stateBytes.byteOffset, ecu.stateBytes.length >> 3);

/**
 * The one place every instance is stepped — running, fallback, shadow and burn-in — so V8's call
 * site has seen them all before a swap (toolchain.md: a call site that meets a second instance
 * for the first time deoptimises, a 36–41 µs hiccup). Returns the trap message or null.
 */
export function stepOnce(ecu: Ecu): string | null {
  try {
    ecu.step();
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}

/** No command, no assist, fault bit: the driver is in charge (both versions failed). */
function safeOutputs(outputs: Float64Array): void {
  outputs.fill(0);
}
