// AUTOSAR E2E Profile 4 (PRS_E2EProtocol §Profile 4): protect and check one data element whose
// 12-byte header (Length u16, Counter u16, DataID u32, CRC u32; big-endian) sits at offset 0.
import { crc32p4 } from './crc32p4.js';

export const P04_HEADER_BYTES = 12;

/** E2E_P04CheckStatusType. */
export enum P04Status { OK = 0, REPEATED = 1, OKSOMELOST = 2, WRONGSEQUENCE = 3, ERROR = 4, NONEWDATA = 5 }
export const P04_STATUS_NAMES = ['OK', 'REPEATED', 'OKSOMELOST', 'WRONGSEQUENCE', 'ERROR', 'NONEWDATA'] as const;

/** Why a frame was ERROR (all three are E2E ERROR; kept apart for the counters). */
export type P04ErrorKind = 'corrupted' | 'wrongDataId' | 'wrongLength';

/** CRC over the frame without its CRC field: bytes [0, 8) then [12, length), chained. */
export function p04Crc(frame: Uint8Array, length = frame.length): number {
  const head = crc32p4(frame, 0, 8);
  return crc32p4(frame, P04_HEADER_BYTES, length, head);
}

/** E2E_P04Protect: writes length, counter, data ID and CRC into `frame` (the payload is already in place). */
export function p04Protect(frame: Uint8Array, dataId: number, counter: number): void {
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  view.setUint16(0, frame.length);
  view.setUint16(2, counter & 0xffff);
  view.setUint32(4, dataId >>> 0);
  view.setUint32(8, p04Crc(frame));
}

export interface P04CheckConfig { dataId: number; length: number; maxDeltaCounter: number }

/** E2E_P04CheckStateType: the last counter accepted; E2E_P04CheckInit sets 0xFFFF so a first counter 0 is OK. */
export class P04CheckState {
  counter = 0xffff;
  status: P04Status = P04Status.NONEWDATA;
  errorKind: P04ErrorKind | null = null;
  /** Counter step of the last frame that passed (1 = none lost). */
  deltaCounter = 0;
}

/** E2E_P04Check on one received frame (null: no new data this cycle). */
export function p04Check(state: P04CheckState, cfg: P04CheckConfig, frame: Uint8Array | null): P04Status {
  state.errorKind = null;
  if (frame === null) return (state.status = P04Status.NONEWDATA);
  if (frame.length !== cfg.length || frame.length < P04_HEADER_BYTES) {
    state.errorKind = 'wrongLength';
    return (state.status = P04Status.ERROR);
  }
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  // The CRC covers the length and data ID fields too, so a corrupted header counts as corrupted.
  if (view.getUint32(8) !== p04Crc(frame)) {
    state.errorKind = 'corrupted';
    return (state.status = P04Status.ERROR);
  }
  if (view.getUint16(0) !== frame.length) {
    state.errorKind = 'wrongLength';
    return (state.status = P04Status.ERROR);
  }
  if (view.getUint32(4) !== cfg.dataId >>> 0) {
    state.errorKind = 'wrongDataId';
    return (state.status = P04Status.ERROR);
  }
  const counter = view.getUint16(2);
  const delta = (counter - state.counter + 0x10000) & 0xffff;
  state.deltaCounter = delta;
  state.counter = counter;
  if (delta === 0) return (state.status = P04Status.REPEATED);
  if (delta === 1) return (state.status = P04Status.OK);
  if (delta <= cfg.maxDeltaCounter) return (state.status = P04Status.OKSOMELOST);
  return (state.status = P04Status.WRONGSEQUENCE);
}
