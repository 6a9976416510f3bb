// Encodes and decodes the HIL frames (layouts in frame-layout.ts), protected with E2E Profile 4.
import { DATA_ID, E2E_HEADER_BYTES, INPUT_FRAME, OUTPUT_FRAME, type FrameLayout } from './frame-layout.js';
import { p04Crc, p04Protect } from './e2e/p04.js';

export interface OutputMeta { echoCounter: number; e2eStatus: number; e2eState: number; ecuCycle: number }

const viewOf = (frame: Uint8Array) => new DataView(frame.buffer, frame.byteOffset, frame.byteLength);

/** A frame's signals are big-endian float64s in slot order, from its first signal's offset on. */
function writeSignals(view: DataView, layout: FrameLayout, values: Float64Array): void {
  const base = layout.signals[0].offset;
  for (let i = 0; i < layout.signals.length; i++) view.setFloat64(base + i * 8, values[i]);
}

function readSignals(view: DataView, layout: FrameLayout, into: Float64Array): void {
  const base = layout.signals[0].offset;
  for (let i = 0; i < layout.signals.length; i++) into[i] = view.getFloat64(base + i * 8);
}

/** Writes an input block (Float64Array in slot order) into a protected input frame. */
export function encodeInputFrame(inputs: Float64Array, counter: number, into = new Uint8Array(INPUT_FRAME.bytes)): Uint8Array {
  writeSignals(viewOf(into), INPUT_FRAME, inputs);
  p04Protect(into, DATA_ID.input, counter);
  return into;
}

/** Reads the signals of an input frame (already checked) into an input block. */
export function decodeInputFrame(frame: Uint8Array, into: Float64Array): void {
  readSignals(viewOf(frame), INPUT_FRAME, into);
}

export function encodeOutputFrame(outputs: Float64Array, meta: OutputMeta, counter: number, into = new Uint8Array(OUTPUT_FRAME.bytes)): Uint8Array {
  const view = viewOf(into);
  view.setUint16(E2E_HEADER_BYTES, meta.echoCounter & 0xffff);
  view.setUint8(E2E_HEADER_BYTES + 2, meta.e2eStatus);
  view.setUint8(E2E_HEADER_BYTES + 3, meta.e2eState);
  view.setUint32(E2E_HEADER_BYTES + 4, meta.ecuCycle >>> 0);
  writeSignals(view, OUTPUT_FRAME, outputs);
  p04Protect(into, DATA_ID.output, counter);
  return into;
}

export function decodeOutputFrame(frame: Uint8Array, into: Float64Array): OutputMeta {
  const view = viewOf(frame);
  readSignals(view, OUTPUT_FRAME, into);
  return { echoCounter: view.getUint16(E2E_HEADER_BYTES), e2eStatus: view.getUint8(E2E_HEADER_BYTES + 2), e2eState: view.getUint8(E2E_HEADER_BYTES + 3), ecuCycle: view.getUint32(E2E_HEADER_BYTES + 4) };
}

/** A control message (reset, stats): E2E header + UTF-8 JSON. */
export function encodeControl(dataId: number, body: unknown, counter: number): Uint8Array {
  const json = Buffer.from(JSON.stringify(body), 'utf8');
  const frame = new Uint8Array(E2E_HEADER_BYTES + json.length);
  frame.set(json, E2E_HEADER_BYTES);
  p04Protect(frame, dataId, counter);
  return frame;
}

/** The data ID of a datagram whose E2E header is intact (length and CRC match), else null. */
export function intactDataId(frame: Uint8Array): number | null {
  if (frame.length < E2E_HEADER_BYTES) return null;
  const view = viewOf(frame);
  if (view.getUint16(0) !== frame.length || view.getUint32(8) !== p04Crc(frame)) return null;
  return view.getUint32(4);
}

export function decodeControl(frame: Uint8Array): unknown {
  return JSON.parse(Buffer.from(frame.buffer, frame.byteOffset + E2E_HEADER_BYTES, frame.length - E2E_HEADER_BYTES).toString('utf8'));
}
