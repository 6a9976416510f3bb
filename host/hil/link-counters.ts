// What the ECU's receive side counts, by kind (all plain numbers: printed by the CLI, checked by tests).
export interface LinkCounters {
  /** Datagrams on the rig port, of any kind. */
  datagrams: number;
  /** E2E P04 check results of input frames. */
  ok: number; repeated: number; okSomeLost: number; wrongSequence: number; error: number; noNewData: number;
  /** Frames the counter says were lost (sum of DeltaCounter − 1 over OKSOMELOST). */
  lostFrames: number;
  /** WRONGSEQUENCE frames whose counter lies behind the last accepted one: they arrived after a newer frame. */
  late: number;
  /** ERROR by cause. */
  corrupted: number; wrongDataId: number; wrongLength: number;
  /** Datagrams that are no frame at all: shorter than the E2E header, or longer than one MTU. */
  shortDatagrams: number; oversizedDatagrams: number;
  controlRequests: number;
  /** Cycles run with a fresh frame, and with the last frame re-presented (state not VALID/INIT, or no fresh data). */
  cyclesFresh: number; cyclesStale: number;
  /** Cycles per E2E state after the check. */
  cyclesNoData: number; cyclesInit: number; cyclesValid: number; cyclesInvalid: number;
  /** Exceptions caught in the datagram handler (should stay 0; the server never stops on one). */
  handlerFaults: number;
}

export function emptyCounters(): LinkCounters {
  return {
    datagrams: 0, ok: 0, repeated: 0, okSomeLost: 0, wrongSequence: 0, error: 0, noNewData: 0, lostFrames: 0, late: 0,
    corrupted: 0, wrongDataId: 0, wrongLength: 0, shortDatagrams: 0, oversizedDatagrams: 0, controlRequests: 0,
    cyclesFresh: 0, cyclesStale: 0, cyclesNoData: 0, cyclesInit: 0, cyclesValid: 0, cyclesInvalid: 0, handlerFaults: 0,
  };
}
