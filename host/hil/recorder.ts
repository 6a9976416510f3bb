// `hpa hil serve --record out.mcap`: an MCAP log of a bench session — every datagram received (with
// its receive time and what it was), every cycle (E2E status and state, the input block the firmware
// ran on, its outputs), every calibration change landed by XCP, and every power-on reset — enough to
// re-run the session offline through any firmware (host/hil/replay.ts).
import { closeSync, openSync, writeSync } from 'node:fs';
import { McapWriter, type IWritable } from '@mcap/core';
import type { Ecu } from '../ecu/ecu.js';
import { HilError } from './errors.js';
import type { CycleReport } from './link.js';
import type { BoundaryApplication } from './xcp/cal-memory.js';

export const TOPICS = {
  session: '/hil/session', datagram: '/hil/datagram', cycle: '/hil/cycle', calibration: '/hil/xcp/calibration', reset: '/hil/reset',
} as const;

const b64 = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
const bytesOf = (a: Float64Array) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

class FileWritable implements IWritable {
  private pos = 0n;
  constructor(private readonly fd: number) {}
  write(buffer: Uint8Array): Promise<void> { writeSync(this.fd, buffer); this.pos += BigInt(buffer.length); return Promise.resolve(); }
  position(): bigint { return this.pos; }
}

export class SessionRecorder {
  private readonly writer: McapWriter;
  private chain: Promise<unknown> = Promise.resolve();
  private readonly channels = new Map<string, number>();
  private seq = 0;
  private lastNs = 0n;
  private cycle = 0;
  private failed: Error | null = null;

  private constructor(private readonly fd: number, readonly path: string) {
    this.writer = new McapWriter({ writable: new FileWritable(fd) });
  }

  static async open(path: string, ecu: Ecu, mode: string): Promise<SessionRecorder> {
    let fd: number;
    try { fd = openSync(path, 'wx'); } catch (e) {
      throw new HilError(`--record ${path}: cannot create (${(e as NodeJS.ErrnoException).code === 'EEXIST' ? 'the file exists; choose a new name' : (e as NodeJS.ErrnoException).code})`);
    }
    const r = new SessionRecorder(fd, path);
    await r.writer.start({ profile: '', library: 'hpa-ecu hil' });
    for (const topic of Object.values(TOPICS)) {
      const schemaId = await r.writer.registerSchema({ name: topic.slice(1).replace(/\//g, '.'), encoding: 'jsonschema', data: new TextEncoder().encode('{"type":"object"}') });
      r.channels.set(topic, await r.writer.registerChannel({ topic, schemaId, messageEncoding: 'json', metadata: new Map() }));
    }
    r.put(TOPICS.session, { firmware: { version: ecu.version, sha256: ecu.info.sha256 }, mode, littleEndianFloat64: true });
    return r;
  }

  /** Log time: receive time in ns, kept strictly increasing so the log order is the session order. */
  private put(topic: string, body: unknown, atNs = process.hrtime.bigint()): void {
    if (atNs <= this.lastNs) atNs = this.lastNs + 1n;
    this.lastNs = atNs;
    const data = new TextEncoder().encode(JSON.stringify(body));
    const message = { channelId: this.channels.get(topic)!, sequence: this.seq++, logTime: atNs, publishTime: atNs, data };
    this.chain = this.chain.then(() => this.writer.addMessage(message)).catch((e: Error) => { this.failed ??= e; });
  }

  datagram(d: Uint8Array, atNs: bigint, kind: string): void {
    this.put(TOPICS.datagram, { atNs: atNs.toString(), kind, size: d.length, bytes: d.length <= 1472 ? b64(d) : null }, atNs);
  }

  calibration(a: BoundaryApplication): void {
    this.put(TOPICS.calibration, {
      beforeCycle: this.cycle, ecuPage: a.ecuPage, repairs: a.repairs, imageBeforeRepair: b64(a.imageBeforeRepair),
      writes: a.writes.map((w) => ({ address: w.address, bytes: b64(w.bytes), page: w.page })),
    });
  }

  reset(): void { this.put(TOPICS.reset, { beforeCycle: this.cycle }); }

  cycleDone(ecu: Ecu, report: CycleReport, receivedAtNs: bigint): void {
    this.put(TOPICS.cycle, {
      cycle: this.cycle++, rxNs: receivedAtNs.toString(), e2eStatus: report.status, e2eState: report.state, fresh: report.fresh,
      echoCounter: report.echoCounter, inputs: b64(bytesOf(ecu.inputs)), outputs: b64(bytesOf(ecu.outputs)),
    });
  }

  async close(): Promise<void> {
    await this.chain;
    await this.writer.end();
    closeSync(this.fd);
    if (this.failed) throw new HilError(`--record ${this.path}: ${this.failed.message}`);
  }
}
