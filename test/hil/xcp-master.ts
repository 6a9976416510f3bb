// A minimal XCP-on-Ethernet master for tests (UDP or TCP): LEN/CTR framing, command → response,
// DAQ packets collected separately.
import { createSocket, type Socket } from 'node:dgram';
import { connect, type Socket as TcpSocket } from 'node:net';

export class XcpMaster {
  private udp?: Socket;
  private tcp?: TcpSocket;
  private ctr = 0;
  private buf = Buffer.alloc(0);
  private waiting: ((p: Uint8Array) => void) | null = null;
  readonly dtos: Uint8Array[] = [];
  readonly ctrs: number[] = [];

  private constructor(readonly port: number) {}

  static async udp(port: number): Promise<XcpMaster> {
    const m = new XcpMaster(port);
    m.udp = createSocket('udp4');
    m.udp.on('message', (msg) => m.ingest(msg));
    await new Promise<void>((r) => m.udp!.connect(port, '127.0.0.1', () => r()));
    return m;
  }

  static async tcpConnect(port: number): Promise<XcpMaster> {
    const m = new XcpMaster(port);
    m.tcp = connect(port, '127.0.0.1');
    m.tcp.on('data', (d) => m.ingest(d));
    await new Promise<void>((r) => m.tcp!.once('connect', () => r()));
    return m;
  }

  private ingest(d: Buffer): void {
    this.buf = Buffer.concat([this.buf, d]);
    while (this.buf.length >= 4 && this.buf.length >= 4 + this.buf.readUInt16LE(0)) {
      const len = this.buf.readUInt16LE(0);
      this.ctrs.push(this.buf.readUInt16LE(2));
      const p = Uint8Array.from(this.buf.subarray(4, 4 + len));
      this.buf = this.buf.subarray(4 + len);
      if (p[0] >= 0xfc) this.waiting?.(p);
      else this.dtos.push(p);
    }
  }

  sendRaw(bytes: Uint8Array): void {
    if (this.udp) this.udp.send(bytes); else this.tcp!.write(bytes);
  }

  cmd(...bytes: number[]): Promise<number[]> {
    const packet = Buffer.alloc(4 + bytes.length);
    packet.writeUInt16LE(bytes.length, 0);
    packet.writeUInt16LE(this.ctr++ & 0xffff, 2);
    packet.set(bytes, 4);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no XCP response to ${bytes.map((b) => b.toString(16)).join(' ')}`)), 2000);
      this.waiting = (p) => { clearTimeout(timer); this.waiting = null; resolve(Array.from(p)); };
      this.sendRaw(packet);
    });
  }

  close(): void { this.udp?.close(); this.tcp?.destroy(); }
}

export const le32 = (n: number) => [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff];
export const f64le = (x: number) => { const b = Buffer.alloc(8); b.writeDoubleLE(x); return Array.from(b); };
export const readF64le = (bytes: number[]) => Buffer.from(bytes).readDoubleLE(0);
