// Where every declared signal lives in the ECU's Wasm linear memory (the addresses an A2L states and
// XCP reads and writes), plus the virtual EPK segment just above the memory.
import { LAYOUT } from '../ecu/abi-views.js';
import type { Ecu } from '../ecu/ecu.js';
import type { Block } from '../../abi/layout.js';

/** The EPK (ECU software identification) is served from here, past the end of the 64 KiB memory. */
export const EPK_ADDRESS = 0x10000;

export interface MemoryRegion { name: Block['name']; address: number; bytes: number }

export function blockAddress(ecu: Ecu, block: Block): number {
  return ecu.exports.layoutBase() + block.offset;
}

export function regions(ecu: Ecu): Record<'inputs' | 'outputs' | 'calibration' | 'state', MemoryRegion> {
  const r = (b: Block, bytes = b.slots * 8): MemoryRegion => ({ name: b.name, address: blockAddress(ecu, b), bytes });
  return { inputs: r(LAYOUT.inputs), outputs: r(LAYOUT.outputs), calibration: r(LAYOUT.calibration), state: r(LAYOUT.state) };
}

/** "HPA-ECU 1.1.0 3ae6dade270e7125": changes with the firmware bytes, so a tool notices a new image. */
export function epkOf(ecu: Ecu): string {
  return `HPA-ECU ${ecu.version} ${ecu.info.sha256.slice(0, 16)}`;
}
