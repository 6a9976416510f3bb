// `hpa replay out.mcap [--firmware v]`: re-runs a recorded bench session offline — same resets, same
// calibration changes at the same cycle boundaries, the same input block each cycle — through any
// firmware, and reports the first cycle whose outputs differ from the recording (bit for bit).
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { McapIndexedReader } from '@mcap/core';
import { OUTPUTS } from '../../abi/signals.js';
import { Ecu } from '../ecu/ecu.js';
import { HilError } from './errors.js';
import { regions } from './memory-map.js';
import { TOPICS } from './recorder.js';

export interface OutputDifference { signal: string; recorded: number; replayed: number }
export interface ReplayResult {
  file: string;
  recorded: { version: string; sha256: string };
  replayed: { version: string; sha256: string };
  cycles: number; resets: number; calibrationChanges: number; datagrams: number;
  firstDifference: { cycle: number; outputs: OutputDifference[] } | null;
}

const f64 = (b64: string) => { const b = Buffer.from(b64, 'base64'); return new Float64Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.length)); };

export async function replaySession(path: string, firmware?: string): Promise<ReplayResult> {
  let fd: number;
  try { fd = openSync(path, 'r'); } catch (e) { throw new HilError(`${path}: cannot open (${(e as NodeJS.ErrnoException).code})`); }
  try {
    const size = BigInt(fstatSync(fd).size);
    const readable = {
      size: async () => size,
      read: async (offset: bigint, length: bigint) => { const buf = new Uint8Array(Number(length)); readSync(fd, buf, 0, buf.length, Number(offset)); return buf; },
    };
    let reader: McapIndexedReader;
    try { reader = await McapIndexedReader.Initialize({ readable }); } catch (e) { throw new HilError(`${path}: not a readable MCAP file (${(e as Error).message})`); }
    const topicOf = new Map([...reader.channelsById].map(([id, c]) => [id, c.topic]));
    let ecu: Ecu | null = null;
    const result: ReplayResult = { file: path, recorded: { version: '?', sha256: '?' }, replayed: { version: '?', sha256: '?' }, cycles: 0, resets: 0, calibrationChanges: 0, datagrams: 0, firstDifference: null };
    for await (const m of reader.readMessages()) {
      const topic = topicOf.get(m.channelId);
      let body: Record<string, unknown>;
      try { body = JSON.parse(new TextDecoder().decode(m.data)) as Record<string, unknown>; } catch { throw new HilError(`${path}: message ${m.sequence} on ${topic} is not JSON`); }
      if (topic === TOPICS.session) {
        result.recorded = body.firmware as ReplayResult['recorded'];
        ecu = Ecu.load(firmware ?? result.recorded.version);
        result.replayed = { version: ecu.version, sha256: ecu.info.sha256 };
        continue;
      }
      if (!ecu) throw new HilError(`${path}: no ${TOPICS.session} record before the session's data`);
      if (topic === TOPICS.datagram) { result.datagrams++; continue; }
      if (topic === TOPICS.reset) { ecu.reset(); result.resets++; continue; }
      if (topic === TOPICS.calibration) {
        const image = Buffer.from(String(body.imageBeforeRepair), 'base64');
        const cal = regions(ecu).calibration;
        if (image.length !== cal.bytes) throw new HilError(`${path}: calibration image of ${image.length} bytes does not fit this firmware's ${cal.bytes}`);
        new Uint8Array(ecu.exports.memory.buffer).set(image, cal.address);
        ecu.exports.applyCalibration();
        result.calibrationChanges++;
        continue;
      }
      if (topic === TOPICS.cycle) {
        ecu.inputs.set(f64(String(body.inputs)));
        ecu.step();
        const recorded = f64(String(body.outputs));
        if (result.firstDifference === null) {
          const diffs: OutputDifference[] = [];
          for (let i = 0; i < recorded.length; i++) {
            if (!Object.is(recorded[i], ecu.outputs[i])) diffs.push({ signal: OUTPUTS[i].name, recorded: recorded[i], replayed: ecu.outputs[i] });
          }
          if (diffs.length) result.firstDifference = { cycle: Number(body.cycle), outputs: diffs };
        }
        result.cycles++;
      }
    }
    return result;
  } finally {
    closeSync(fd);
  }
}
