// What XCP may read and write in the ECU: the whole Wasm memory and the EPK for reading; only the
// calibration block for writing, within each parameter's declared limits. Two calibration pages:
// 0 = working (writable), 1 = reference (the release defaults the firmware started with, read-only).
// Writes are queued and land at the next cycle boundary, after which the firmware re-applies its
// calibration repair (applyCalibration) — the ECU never runs a cycle on a half-written table.
import { CALIBRATION, type CalibrationParam } from '../../../abi/signals.js';
import { CAL, LAYOUT } from '../../ecu/abi-views.js';
import type { Ecu } from '../../ecu/ecu.js';
import { smConfigProblems } from '../e2e/state-machine.js';
import { e2eConfigOf } from '../link.js';
import { EPK_ADDRESS, epkOf, regions } from '../memory-map.js';
import { ERR } from './codes.js';

export interface XcpWrite { address: number; bytes: Uint8Array; page: number }
/** What landed at one cycle boundary: the writes, the block as written (before the firmware's repair), the repair count. */
export interface BoundaryApplication { writes: XcpWrite[]; ecuPage: number; imageBeforeRepair: Uint8Array; repairs: number }

/** Calibration slot → its parameter (for limit checks of partial writes). */
const PARAM_OF_SLOT: CalibrationParam[] = [];
for (const p of CALIBRATION as readonly CalibrationParam[]) for (let i = 0; i < (p.length ?? 1); i++) PARAM_OF_SLOT[CAL[p.name as keyof typeof CAL] + i] = p;

export class CalibrationMemory {
  readonly calAddress: number;
  readonly calBytes: number;
  readonly epk: Uint8Array;
  /** Page 0 (working) and page 1 (reference) images of the calibration block. */
  readonly working: Uint8Array;
  readonly reference: Uint8Array;
  ecuPage = 0;
  private pending: XcpWrite[] = [];
  private pendingEcuPage: number | null = null;
  boundaries = 0;
  /** Further read-only identification texts (GET_ID), by address. */
  readonly idTexts = new Map<number, Uint8Array>();

  constructor(readonly ecu: Ecu) {
    const r = regions(ecu).calibration;
    this.calAddress = r.address;
    this.calBytes = r.bytes;
    this.epk = new TextEncoder().encode(epkOf(ecu));
    this.working = this.memory().slice(this.calAddress, this.calAddress + this.calBytes);
    this.reference = this.working.slice();
  }

  private memory(): Uint8Array { return new Uint8Array(this.ecu.exports.memory.buffer); }
  private inCal(address: number, n: number): boolean { return address >= this.calAddress && address + n <= this.calAddress + this.calBytes; }

  /** Bytes as XCP sees them through `page` (pending writes included), or an XCP error code. */
  read(address: number, n: number, page: number): Uint8Array | number {
    if (address >= EPK_ADDRESS && address + n <= EPK_ADDRESS + this.epk.length) return this.epk.slice(address - EPK_ADDRESS, address - EPK_ADDRESS + n);
    for (const [at, text] of this.idTexts) if (address >= at && address + n <= at + text.length) return text.slice(address - at, address - at + n);
    const mem = this.memory();
    if (address < 0 || address + n > mem.length) return ERR.ACCESS_DENIED;
    if (!this.inCal(address, n)) return mem.slice(address, address + n);
    const image = (page === 1 ? this.reference : this.overlayWorking()).slice(address - this.calAddress, address - this.calAddress + n);
    return image;
  }

  private overlayWorking(): Uint8Array {
    if (this.pending.length === 0) return this.working;
    const copy = this.working.slice();
    for (const w of this.pending) copy.set(w.bytes, w.address - this.calAddress);
    return copy;
  }

  /** Checks and queues a write through XCP page `page`; returns 0 or an XCP error code. */
  write(address: number, bytes: Uint8Array, page: number): number {
    if (!this.inCal(address, bytes.length)) return ERR.ACCESS_DENIED;
    if (page === 1) return ERR.WRITE_PROTECTED;
    const image = this.overlayWorking().slice();
    image.set(bytes, address - this.calAddress);
    const values = new Float64Array(image.buffer, image.byteOffset, this.calBytes / 8);
    const first = Math.floor((address - this.calAddress) / 8), last = Math.floor((address - this.calAddress + bytes.length - 1) / 8);
    for (let slot = first; slot <= last; slot++) {
      const p = PARAM_OF_SLOT[slot];
      const v = values[slot];
      if (!p || !Number.isFinite(v) || v < p.min || v > p.max) return ERR.OUT_OF_RANGE;
    }
    if (last >= CAL.e2eMaxDeltaCounter || first >= CAL.e2eMaxDeltaCounter) {
      // The E2E window parameters must meet the state machine's constraints together.
      const probe = { calibration: values } as unknown as Ecu;
      if (smConfigProblems(e2eConfigOf(probe).sm).length > 0) return ERR.OUT_OF_RANGE;
    }
    this.pending.push({ address, bytes: bytes.slice(), page });
    return 0;
  }

  /** After an ECU power-on reset: the memory holds the release defaults again. */
  resync(): void {
    this.pending = [];
    this.pendingEcuPage = null;
    this.ecuPage = 0;
    this.working.set(this.memory().subarray(this.calAddress, this.calAddress + this.calBytes));
  }

  /** SET_CAL_PAGE for the ECU's access: takes effect at the next boundary. */
  selectEcuPage(page: number): void { this.pendingEcuPage = page; }

  /** COPY_CAL_PAGE reference → working (queued like a write). */
  copyReferenceToWorking(): void { this.pending.push({ address: this.calAddress, bytes: this.reference.slice(), page: 0 }); }

  get hasPending(): boolean { return this.pending.length > 0 || this.pendingEcuPage !== null; }

  /** At a cycle boundary: apply queued writes and page switches, then the firmware's repair. */
  applyAtBoundary(): BoundaryApplication | null {
    this.boundaries++;
    if (!this.hasPending) return null;
    const mem = this.memory();
    for (const w of this.pending) this.working.set(w.bytes, w.address - this.calAddress);
    if (this.pendingEcuPage !== null) this.ecuPage = this.pendingEcuPage;
    const image = (this.ecuPage === 1 ? this.reference : this.working).slice();
    mem.set(image, this.calAddress);
    const repairs = this.ecu.exports.applyCalibration();
    // The repaired values are what the working page now holds.
    if (this.ecuPage === 0) this.working.set(mem.subarray(this.calAddress, this.calAddress + this.calBytes));
    const applied = { writes: this.pending, ecuPage: this.ecuPage, imageBeforeRepair: image, repairs };
    this.pending = [];
    this.pendingEcuPage = null;
    return applied;
  }
}

export const CAL_SLOTS = LAYOUT.calibration.slots;
