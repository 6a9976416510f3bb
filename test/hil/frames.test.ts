// The wire layouts come from abi/signals.ts: offsets in the published JSON decode a real frame, the
// DBC places every signal exactly once in CAN FD messages of ≤ 64 bytes, and the generated docs are current.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { INPUTS, OUTPUTS } from '../../abi/signals.js';
import { LAYOUT } from '../../host/ecu/abi-views.js';
import { decodeInputFrame, decodeOutputFrame, encodeInputFrame, encodeOutputFrame } from '../../host/hil/frame-codec.js';
import { HIL_DOCS } from '../../tools/publish-hil.js';
import { ROOT } from '../helpers.js';

interface JsonField { name: string; offset: number; type: string; bytes: number; unit: string }
const description = JSON.parse(readFileSync(join(ROOT, 'docs/hil-frames.json'), 'utf8')) as { frames: { name: string; bytes: number; dataId: string; fields: JsonField[] }[] };

function readField(frame: Uint8Array, f: JsonField): number {
  const v = new DataView(frame.buffer, frame.byteOffset);
  return f.type === 'float64be' ? v.getFloat64(f.offset) : f.type === 'uint32be' ? v.getUint32(f.offset) : f.type === 'uint16be' ? v.getUint16(f.offset) : v.getUint8(f.offset);
}

describe('frame layouts (docs/hil-frames.json) decode real frames', () => {
  it('decoding gives back what was encoded, bit for bit (NaN, ±∞ and -0 included), and the output metadata', () => {
    const specials = [NaN, Infinity, -Infinity, -0, Number.MIN_VALUE, -1.7976931348623157e308];
    const block = (n: number) => Float64Array.from({ length: n }, (_, i) => specials[i % specials.length] ?? i);
    const inputs = block(LAYOUT.inputs.slots), outputs = block(LAYOUT.outputs.slots);
    const gotIn = new Float64Array(inputs.length), gotOut = new Float64Array(outputs.length);
    decodeInputFrame(encodeInputFrame(inputs, 1), gotIn);
    const meta = decodeOutputFrame(encodeOutputFrame(outputs, { echoCounter: 65535, e2eStatus: 1, e2eState: 2, ecuCycle: 2 ** 32 - 1 }, 2), gotOut);
    expect(Buffer.from(gotIn.buffer)).toEqual(Buffer.from(inputs.buffer));
    expect(Buffer.from(gotOut.buffer)).toEqual(Buffer.from(outputs.buffer));
    expect(meta).toEqual({ echoCounter: 65535, e2eStatus: 1, e2eState: 2, ecuCycle: 2 ** 32 - 1 });
  });
  it('input frame: E2E header then every input as float64 big-endian, NaN and ±∞ carried unchanged', () => {
    const inputs = Float64Array.from({ length: LAYOUT.inputs.slots }, (_, i) => i * 1.5 - 3);
    inputs[4] = NaN; inputs[5] = -Infinity;
    const frame = encodeInputFrame(inputs, 0x1234);
    const d = description.frames.find((f) => f.name === 'input')!;
    expect(d.bytes).toBe(12 + 8 * INPUTS.length);
    expect(frame.length).toBe(d.bytes);
    const byName = Object.fromEntries(d.fields.map((f) => [f.name, readField(frame, f)]));
    expect(byName.e2eLength).toBe(d.bytes);
    expect(byName.e2eCounter).toBe(0x1234);
    expect(byName.e2eDataId).toBe(Number(d.dataId));
    INPUTS.forEach((s, i) => expect(Object.is(byName[s.name], inputs[i]), s.name).toBe(true));
  });
  it('output frame: header, echo/status/state/cycle metadata, then every output', () => {
    const outputs = Float64Array.from({ length: LAYOUT.outputs.slots }, (_, i) => i + 0.25);
    const frame = encodeOutputFrame(outputs, { echoCounter: 77, e2eStatus: 2, e2eState: 3, ecuCycle: 123456 }, 9);
    const d = description.frames.find((f) => f.name === 'output')!;
    const byName = Object.fromEntries(d.fields.map((f) => [f.name, readField(frame, f)]));
    expect([byName.echoCounter, byName.e2eStatus, byName.e2eState, byName.ecuCycle, byName.e2eCounter]).toEqual([77, 2, 3, 123456, 9]);
    OUTPUTS.forEach((s, i) => expect(byName[s.name], s.name).toBe(outputs[i]));
  });
  it('fields are contiguous and do not overlap', () => {
    for (const f of description.frames) {
      let at = 0;
      for (const field of f.fields) { expect(field.offset, `${f.name}.${field.name}`).toBe(at); at += field.bytes; }
      expect(at).toBe(f.bytes);
    }
  });
});

describe('DBC (docs/hil-frames.dbc) for a bridged CAN FD bus', () => {
  const dbc = readFileSync(join(ROOT, 'docs/hil-frames.dbc'), 'utf8');
  const messages = [...dbc.matchAll(/^BO_ (\d+) (\w+): (\d+) (\w+)\n((?: SG_ .*\n)+)/gm)].map((m) => ({
    id: Number(m[1]), name: m[2], size: Number(m[3]),
    signals: [...m[5].matchAll(/ SG_ (\w+) : (\d+)\|(\d+)@0([+-])/g)].map((s) => ({ name: s[1], startBit: Number(s[2]), bits: Number(s[3]) })),
  }));
  it('every input and output signal sits in exactly one message, as an IEEE double (SIG_VALTYPE_ 2)', () => {
    for (const s of [...INPUTS, ...OUTPUTS]) {
      const holders = messages.filter((m) => m.signals.some((x) => x.name === s.name));
      expect(holders.length, s.name).toBe(1);
      expect(dbc).toContain(`SIG_VALTYPE_ ${holders[0].id} ${s.name} : 2;`);
    }
  });
  it('each message fits a 64-byte CAN FD frame and starts with its own E2E header; no two signals overlap', () => {
    for (const m of messages) {
      expect(m.size).toBeLessThanOrEqual(64);
      expect(m.signals.slice(0, 4).map((s) => s.name)).toEqual(['E2E_Length', 'E2E_Counter', 'E2E_DataID', 'E2E_CRC']);
      const used = new Uint8Array(64);
      for (const s of m.signals) {
        const firstByte = (s.startBit - 7) / 8; // Motorola: start bit = MSB = bit 7 of the first byte
        expect(Number.isInteger(firstByte)).toBe(true);
        for (let b = firstByte; b < firstByte + s.bits / 8; b++) { expect(used[b], `${m.name}.${s.name}`).toBe(0); used[b] = 1; }
      }
    }
  });
});

describe('generated HIL docs are current', () => {
  for (const [path, make] of Object.entries(HIL_DOCS)) {
    it(path, () => expect(readFileSync(join(ROOT, path), 'utf8')).toBe(make()));
  }
});
