// The ECU's receive side of the rig link: E2E Profile 4 check of every input frame, the E2E state
// machine once per cycle, and the reaction — a fresh frame reaches the firmware only while the channel
// is usable (VALID, or INIT right after start-up with nothing failed yet); otherwise the firmware gets the
// last frame again with its frame counter unchanged, so its own stale-frame handling degrades as on the
// vehicle (short lapses coast, longer ones raise a takeover request, then the minimal-risk manoeuvre).
import type { Ecu } from '../ecu/ecu.js';
import { CAL, IN } from '../ecu/abi-views.js';
import { decodeInputFrame, encodeOutputFrame } from './frame-codec.js';
import { DATA_ID, E2E_HEADER_BYTES, INPUT_FRAME, MAX_DATAGRAM_BYTES, OUTPUT_FRAME } from './frame-layout.js';
import { P04CheckState, p04Check, P04Status, type P04CheckConfig } from './e2e/p04.js';
import { E2eStateMachine, SmState, type SmConfig } from './e2e/state-machine.js';
import { emptyCounters, type LinkCounters } from './link-counters.js';

export type DatagramKind = 'input' | 'control' | 'short' | 'oversized';

/** The E2E parameters as the ECU's calibration holds them now (XCP may change them between cycles). */
export function e2eConfigOf(ecu: Ecu): { p04: P04CheckConfig; sm: SmConfig } {
  const c = ecu.calibration;
  return {
    p04: { dataId: DATA_ID.input, length: INPUT_FRAME.bytes, maxDeltaCounter: c[CAL.e2eMaxDeltaCounter] },
    sm: {
      windowSizeValid: c[CAL.e2eWindowSizeValid], windowSizeInit: c[CAL.e2eWindowSizeInit], windowSizeInvalid: c[CAL.e2eWindowSizeInvalid],
      minOkStateInit: c[CAL.e2eMinOkStateInit], maxErrorStateInit: c[CAL.e2eMaxErrorStateInit],
      minOkStateValid: c[CAL.e2eMinOkStateValid], maxErrorStateValid: c[CAL.e2eMaxErrorStateValid],
      minOkStateInvalid: c[CAL.e2eMinOkStateInvalid], maxErrorStateInvalid: c[CAL.e2eMaxErrorStateInvalid],
      clearToInvalid: c[CAL.e2eClearToInvalid] !== 0,
    },
  };
}

export interface CycleReport { status: P04Status; state: SmState; fresh: boolean; echoCounter: number; output: Uint8Array }

export class RigLink {
  counters: LinkCounters = emptyCounters();
  readonly check = new P04CheckState();
  sm: E2eStateMachine;
  private cfg: ReturnType<typeof e2eConfigOf>;
  private outCounter = 0;
  private cycle = 0;
  /** Realtime: the newest frame that passed the check since the last cycle, and the last status seen. */
  private pendingFresh: Uint8Array | null = null;
  private pendingStatus: P04Status | null = null;
  private pendingCounter = 0;
  private readonly output = new Uint8Array(OUTPUT_FRAME.bytes);

  constructor(readonly ecu: Ecu) {
    this.cfg = e2eConfigOf(ecu);
    this.sm = new E2eStateMachine(this.cfg.sm);
  }

  /** Power-on of the link (with the ECU's reset): checker and state machine back to their init state. */
  reset(): void {
    Object.assign(this.check, new P04CheckState());
    this.cfg = e2eConfigOf(this.ecu);
    this.sm = new E2eStateMachine(this.cfg.sm);
    this.outCounter = 0;
    this.cycle = 0;
    this.pendingFresh = null;
    this.pendingStatus = null;
  }

  /** Sorts a datagram without trusting any of it. */
  classify(d: Uint8Array): DatagramKind {
    this.counters.datagrams++;
    if (d.length < E2E_HEADER_BYTES) { this.counters.shortDatagrams++; return 'short'; }
    if (d.length > MAX_DATAGRAM_BYTES) { this.counters.oversizedDatagrams++; return 'oversized'; }
    if (d.length !== INPUT_FRAME.bytes && (d[4] << 24 | d[5] << 16 | d[6] << 8 | d[7]) >>> 0 === DATA_ID.controlRequest) return 'control';
    return 'input';
  }

  /** E2E check of one input-sized datagram, counted by result. */
  private checkFrame(d: Uint8Array): P04Status {
    const c = this.counters;
    const status = p04Check(this.check, this.cfg.p04, d);
    switch (status) {
      case P04Status.OK: c.ok++; break;
      case P04Status.OKSOMELOST: c.okSomeLost++; c.lostFrames += this.check.deltaCounter - 1; break;
      case P04Status.REPEATED: c.repeated++; break;
      case P04Status.WRONGSEQUENCE: c.wrongSequence++; if (this.check.deltaCounter >= 0x8000) c.late++; break;
      case P04Status.ERROR:
        c.error++;
        if (this.check.errorKind === 'corrupted') c.corrupted++;
        else if (this.check.errorKind === 'wrongDataId') c.wrongDataId++;
        else c.wrongLength++;
        break;
      default: break;
    }
    return status;
  }

  /** Runs one ECU cycle: state machine, reaction, step, output frame. */
  private runCycle(status: P04Status, freshFrame: Uint8Array | null, echoCounter: number): CycleReport {
    const c = this.counters;
    this.cfg = e2eConfigOf(this.ecu);
    this.sm.config = this.cfg.sm;
    const state = this.sm.check(status);
    const usable = state === SmState.VALID || state === SmState.INIT;
    const fresh = freshFrame !== null && usable;
    if (fresh) { decodeInputFrame(freshFrame, this.ecu.inputs); c.cyclesFresh++; } else c.cyclesStale++;
    if (state === SmState.NODATA) c.cyclesNoData++; else if (state === SmState.INIT) c.cyclesInit++; else if (state === SmState.VALID) c.cyclesValid++; else c.cyclesInvalid++;
    this.ecu.step();
    const output = encodeOutputFrame(this.ecu.outputs, { echoCounter, e2eStatus: status, e2eState: state, ecuCycle: this.cycle }, this.outCounter, this.output);
    this.outCounter = (this.outCounter + 1) & 0xffff;
    this.cycle++;
    return { status, state, fresh, echoCounter, output };
  }

  /** Lockstep: every input-sized datagram is one bus slot, so one cycle; other sizes are counted and dropped. */
  lockstep(d: Uint8Array): CycleReport | null {
    if (d.length !== INPUT_FRAME.bytes) { this.checkFrame(d); return null; }
    const status = this.checkFrame(d);
    const passes = status === P04Status.OK || status === P04Status.OKSOMELOST;
    return this.runCycle(status, passes ? d : null, (d[2] << 8) | d[3]);
  }

  /** Realtime: check on arrival, keep the newest frame that passed for the next cycle. */
  receive(d: Uint8Array): void {
    const status = this.checkFrame(d);
    if (d.length < 4) return;
    this.pendingCounter = (d[2] << 8) | d[3];
    if (status === P04Status.OK || status === P04Status.OKSOMELOST) {
      this.pendingFresh = Uint8Array.from(d);
      this.pendingStatus = status;
    } else if (this.pendingFresh === null) {
      this.pendingStatus = status;
    }
  }

  /** Realtime: one cycle on the ECU's own clock with whatever arrived since the last one. */
  tick(): CycleReport {
    const status = this.pendingStatus ?? P04Status.NONEWDATA;
    if (this.pendingStatus === null) this.counters.noNewData++;
    const report = this.runCycle(status, this.pendingFresh, this.pendingCounter);
    this.pendingFresh = null;
    this.pendingStatus = null;
    return report;
  }

  /** Frame counter the firmware saw last (for tests of the re-presented frame). */
  get presentedCounter(): number { return this.ecu.inputs[IN.frameCounter]; }
}
