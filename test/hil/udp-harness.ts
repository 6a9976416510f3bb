// A raw UDP rig for tests: sends hand-made datagrams to a served ECU and reads its answers.
import { createSocket, type Socket } from 'node:dgram';
import { IN } from '../../host/ecu/abi-views.js';
import { LAYOUT } from '../../host/ecu/abi-views.js';
import { decodeOutputFrame, type OutputMeta } from '../../host/hil/frame-codec.js';

export class RawRig {
  private readonly socket: Socket = createSocket('udp4');
  private readonly replies: Uint8Array[] = [];
  private waiter: (() => void) | null = null;
  constructor(readonly port: number) {
    this.socket.on('message', (m) => { this.replies.push(Uint8Array.from(m)); this.waiter?.(); });
  }
  send(d: Uint8Array): void { this.socket.send(d, this.port, '127.0.0.1'); }
  /** Sends and waits for one answer (or `timeoutMs` of silence → null). */
  async exchange(d: Uint8Array, timeoutMs = 2000): Promise<Uint8Array | null> {
    this.replies.length = 0;
    const got = new Promise<void>((resolve) => { this.waiter = resolve; setTimeout(resolve, timeoutMs); });
    this.send(d);
    await got;
    this.waiter = null;
    return this.replies.shift() ?? null;
  }
  async cycle(d: Uint8Array): Promise<{ meta: OutputMeta; outputs: Float64Array }> {
    const r = await this.exchange(d);
    if (!r) throw new Error('no answer');
    const outputs = new Float64Array(LAYOUT.outputs.slots);
    return { meta: decodeOutputFrame(r, outputs), outputs };
  }
  close(): Promise<void> { return new Promise((resolve) => this.socket.close(() => resolve())); }
}

/** An input block for a car cruising engaged at 60 km/h on a clear road. */
export function cruiseFrame(): Float64Array {
  const f = new Float64Array(LAYOUT.inputs.slots);
  f[IN.mainSwitch] = 1;
  f[IN.egoSpeedMps] = 60 / 3.6;
  f[IN.setSpeedMps] = 60 / 3.6;
  f[IN.timeGapSetS] = 1.45;
  f[IN.speedLimitMps] = 130 / 3.6;
  f[IN.handsOn] = 1;
  f[IN.eyesOnRoad] = 1;
  f[IN.oddEndDistM] = 5000;
  f[IN.stationaryDetectRangeM] = 150;
  return f;
}
