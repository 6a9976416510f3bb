// The HIL wire frames, derived from abi/signals.ts (one declaration): every frame is an AUTOSAR E2E
// Profile 4 header (12 bytes, big-endian) followed by its fields. Signals travel as IEEE-754 float64
// big-endian, the ECU's own representation, so a frame carries exactly what the in-process host
// writes (NaN and ±∞ included: fault injection must reach the firmware unchanged).
import { CYCLE_S, INPUTS, OUTPUTS, type Signal } from '../../abi/signals.js';

export const E2E_HEADER_BYTES = 12;

/** E2E data IDs (Profile 4: 32 bit, unique per data element on the network). ASCII "HPI1", "HPO1", "HPC1", "HPR1". */
export const DATA_ID = {
  input: 0x48504931,
  output: 0x48504f31,
  controlRequest: 0x48504331,
  controlResponse: 0x48505231,
} as const;

export type WireType = 'uint8' | 'uint16be' | 'uint32be' | 'float64be';
const WIRE_BYTES: Record<WireType, number> = { uint8: 1, uint16be: 2, uint32be: 4, float64be: 8 };

export interface WireField {
  name: string;
  /** Byte offset from the start of the datagram (the E2E header is bytes 0–11). */
  offset: number;
  type: WireType;
  bytes: number;
  /** physical = raw × factor + offset (DBC convention). */
  factor: number;
  physOffset: number;
  unit: string;
  min: number;
  max: number;
  description: string;
  /** Slot of the signal in the ECU's input or output block (undefined for frame metadata). */
  slot?: number;
}

export interface FrameLayout {
  name: 'input' | 'output';
  direction: 'rig→ecu' | 'ecu→rig';
  dataId: number;
  bytes: number;
  header: WireField[];
  /** Frame metadata the ECU adds to its answer (not ECU signals). */
  meta: WireField[];
  signals: WireField[];
}

const HEADER: Omit<WireField, 'offset' | 'bytes'>[] = [
  { name: 'e2eLength', type: 'uint16be', factor: 1, physOffset: 0, unit: 'bytes', min: 0, max: 65535, description: 'E2E P04 Length: bytes of the whole frame, header included' },
  { name: 'e2eCounter', type: 'uint16be', factor: 1, physOffset: 0, unit: '1', min: 0, max: 65535, description: 'E2E P04 Counter: +1 per frame sent, wraps at 65535' },
  { name: 'e2eDataId', type: 'uint32be', factor: 1, physOffset: 0, unit: '1', min: 0, max: 0xffffffff, description: 'E2E P04 DataID of this frame type' },
  { name: 'e2eCrc', type: 'uint32be', factor: 1, physOffset: 0, unit: '1', min: 0, max: 0xffffffff, description: 'E2E P04 CRC-32P4 over the frame without the CRC field' },
];

/** What the ECU adds before its outputs: which input it used and how the link looked this cycle. */
const OUTPUT_META: Omit<WireField, 'offset' | 'bytes'>[] = [
  { name: 'echoCounter', type: 'uint16be', factor: 1, physOffset: 0, unit: '1', min: 0, max: 65535, description: 'E2E counter of the input datagram that triggered (lockstep) or last arrived before (realtime) this cycle' },
  { name: 'e2eStatus', type: 'uint8', factor: 1, physOffset: 0, unit: 'enum', min: 0, max: 6, description: 'Receiver check status: 0 OK, 1 REPEATED, 2 OKSOMELOST, 3 WRONGSEQUENCE, 4 ERROR, 5 NONEWDATA' },
  { name: 'e2eState', type: 'uint8', factor: 1, physOffset: 0, unit: 'enum', min: 0, max: 4, description: 'E2E state machine: 0 NODATA, 1 INIT, 2 VALID, 3 INVALID' },
  { name: 'ecuCycle', type: 'uint32be', factor: 1, physOffset: 0, unit: 'cycles', min: 0, max: 0xffffffff, description: `ECU cycles since reset (${CYCLE_S * 1000} ms each)` },
];

function place(fields: Omit<WireField, 'offset' | 'bytes'>[], start: number): WireField[] {
  let offset = start;
  return fields.map((f) => {
    const bytes = WIRE_BYTES[f.type];
    const placed = { ...f, offset, bytes };
    offset += bytes;
    return placed;
  });
}

function signalFields(signals: readonly Signal[], start: number): WireField[] {
  return place(signals.map((s, slot) => ({
    name: s.name, type: 'float64be' as const, factor: 1, physOffset: 0, unit: s.unit, min: s.min, max: s.max, description: s.description, slot,
  })), start);
}

function frame(name: FrameLayout['name'], signals: readonly Signal[], meta: Omit<WireField, 'offset' | 'bytes'>[]): FrameLayout {
  const header = place(HEADER, 0);
  const metaFields = place(meta, E2E_HEADER_BYTES);
  const metaBytes = metaFields.reduce((n, f) => n + f.bytes, 0);
  const fields = signalFields(signals, E2E_HEADER_BYTES + metaBytes);
  const last = fields[fields.length - 1];
  return {
    name, direction: name === 'input' ? 'rig→ecu' : 'ecu→rig', dataId: name === 'input' ? DATA_ID.input : DATA_ID.output,
    bytes: last.offset + last.bytes, header, meta: metaFields, signals: fields,
  };
}

export const INPUT_FRAME = frame('input', INPUTS, []);
export const OUTPUT_FRAME = frame('output', OUTPUTS, OUTPUT_META);

/** Largest datagram the ECU reads; anything longer is counted as oversized and dropped. */
export const MAX_DATAGRAM_BYTES = 1472; // one Ethernet MTU of UDP payload

/** The machine-readable description published as docs/hil-frames.json. */
export function frameDescription(): object {
  const strip = (f: WireField) => ({ name: f.name, offset: f.offset, type: f.type, bytes: f.bytes, factor: f.factor, offset_phys: f.physOffset, unit: f.unit, min: f.min, max: f.max, description: f.description });
  return {
    protection: {
      profile: 'AUTOSAR E2E Profile 4', headerOffset: 0, headerBytes: E2E_HEADER_BYTES, byteOrder: 'big-endian',
      crc: { name: 'CRC-32P4', polynomial: '0xF4ACFB13', reflected: true, init: '0xFFFFFFFF', xorOut: '0xFFFFFFFF', check123456789: '0x1697D06A', coverage: 'bytes 0–7 and 12–end (all but the CRC field)' },
    },
    cycleS: CYCLE_S,
    frames: [INPUT_FRAME, OUTPUT_FRAME].map((f) => ({
      name: f.name, direction: f.direction, dataId: `0x${f.dataId.toString(16).toUpperCase()}`, bytes: f.bytes,
      fields: [...f.header, ...f.meta, ...f.signals].map(strip),
    })),
    control: { requestDataId: `0x${DATA_ID.controlRequest.toString(16).toUpperCase()}`, responseDataId: `0x${DATA_ID.controlResponse.toString(16).toUpperCase()}`, payload: 'UTF-8 JSON after the E2E header' },
  };
}
