// A DBC description of the HIL frames for CAN tools on a bridged CAN FD bus: each frame is cut into
// CAN FD messages of at most 64 bytes, each with its own E2E Profile 4 header (12 bytes) followed by
// whole fields of the frame (float64 signals as IEEE doubles, Motorola byte order, SIG_VALTYPE_ 2).
import { E2E_HEADER_BYTES, INPUT_FRAME, OUTPUT_FRAME, type FrameLayout, type WireField } from './frame-layout.js';

export const CANFD_MAX_BYTES = 64;

export interface CanMessage { id: number; name: string; sender: string; receiver: string; bytes: number; dataId: number; fields: (WireField & { canOffset: number })[] }

/** Base CAN IDs (11-bit): inputs 0x200…, outputs 0x280…; DataIDs per message: frame DataID + index. */
const BASE_ID = { input: 0x200, output: 0x280 } as const;

export function canMessages(frame: FrameLayout): CanMessage[] {
  const fields = [...frame.meta, ...frame.signals];
  const messages: CanMessage[] = [];
  let current: CanMessage | null = null;
  for (const f of fields) {
    if (!current || current.bytes + f.bytes > CANFD_MAX_BYTES) {
      const index = messages.length;
      current = {
        id: BASE_ID[frame.name] + index, name: `HPA_${frame.name === 'input' ? 'IN' : 'OUT'}_${index + 1}`,
        sender: frame.name === 'input' ? 'RIG' : 'ECU', receiver: frame.name === 'input' ? 'ECU' : 'RIG',
        bytes: E2E_HEADER_BYTES, dataId: (frame.dataId + (index << 8)) >>> 0, fields: [],
      };
      messages.push(current);
    }
    current.fields.push({ ...f, canOffset: current.bytes });
    current.bytes += f.bytes;
  }
  return messages;
}

/** DBC start bit of a big-endian (Motorola) signal: the MSB, bit 7 of its first byte. */
const motorolaStart = (byteOffset: number) => byteOffset * 8 + 7;
const num = (x: number) => (Number.isInteger(x) ? String(x) : String(+x.toPrecision(15)));

export function dbcText(): string {
  const out: string[] = [
    'VERSION "HPA-ECU HIL frames (generated from abi/signals.ts)"', '',
    'NS_ :', '\tBA_', '\tBA_DEF_', '\tBA_DEF_DEF_', '\tCM_', '\tSIG_VALTYPE_', '',
    'BS_:', '', 'BU_: RIG ECU', '',
  ];
  const valtypes: string[] = [];
  const comments: string[] = [];
  const frameFormats: string[] = [];
  for (const frame of [INPUT_FRAME, OUTPUT_FRAME]) {
    for (const m of canMessages(frame)) {
      out.push(`BO_ ${m.id} ${m.name}: ${CANFD_MAX_BYTES} ${m.sender}`);
      const header: [string, number, number][] = [['E2E_Length', 0, 16], ['E2E_Counter', 2, 16], ['E2E_DataID', 4, 32], ['E2E_CRC', 8, 32]];
      for (const [name, at, bits] of header) out.push(` SG_ ${name} : ${motorolaStart(at)}|${bits}@0+ (1,0) [0|${2 ** bits - 1}] "" ${m.receiver}`);
      for (const f of m.fields) {
        const bits = f.bytes * 8;
        const signed = f.type === 'float64be' ? '-' : '+';
        const unit = f.unit === 'bool' || f.unit === 'enum' || f.unit === 'bits' || f.unit === '1' ? '' : f.unit;
        out.push(` SG_ ${f.name} : ${motorolaStart(f.canOffset)}|${bits}@0${signed} (${num(f.factor)},${num(f.physOffset)}) [${num(f.min)}|${num(f.max)}] "${unit}" ${m.receiver}`);
        if (f.type === 'float64be') valtypes.push(`SIG_VALTYPE_ ${m.id} ${f.name} : 2;`);
        comments.push(`CM_ SG_ ${m.id} ${f.name} "${f.description.replace(/"/g, "'")}";`);
      }
      out.push('');
      comments.push(`CM_ BO_ ${m.id} "E2E Profile 4 protected, DataID 0x${m.dataId.toString(16).toUpperCase()}";`);
      frameFormats.push(`BA_ "VFrameFormat" BO_ ${m.id} 14;`);
    }
  }
  out.push(...comments, '');
  out.push('BA_DEF_ BO_ "VFrameFormat" ENUM "StandardCAN","ExtendedCAN","reserved","reserved","reserved","reserved","reserved","reserved","reserved","reserved","reserved","reserved","reserved","reserved","StandardCAN_FD","ExtendedCAN_FD";');
  out.push('BA_DEF_ "BusType" STRING ;');
  out.push('BA_DEF_DEF_ "VFrameFormat" "StandardCAN_FD";');
  out.push('BA_DEF_DEF_ "BusType" "CAN FD";');
  out.push('BA_ "BusType" "CAN FD";');
  out.push(...frameFormats, '');
  out.push(...valtypes, '');
  return out.join('\n');
}
