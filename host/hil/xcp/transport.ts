// XCP on Ethernet (Part 3): each packet is preceded by LEN (u16, packet bytes) and CTR (u16), both
// little-endian; UDP datagrams and the TCP stream carry one or more such messages. UDP and TCP share
// one port number. DAQ packets go to the master that last sent a command.
import { createSocket, type RemoteInfo } from 'node:dgram';
import { createServer, type Socket as TcpSocket } from 'node:net';
import type { BindAddress } from '../bind-address.js';
import type { XcpSlave } from './slave.js';

export interface XcpTransport { port: number; sendDtos(dtos: Uint8Array[]): void; close(): Promise<void>; malformed: number }

const MAX_MESSAGE = 2048;

export async function startXcpTransport(slave: XcpSlave, bind: BindAddress): Promise<XcpTransport> {
  let ctr = 0;
  const frame = (packets: Uint8Array[]) => {
    const total = packets.reduce((n, p) => n + 4 + p.length, 0);
    const out = Buffer.alloc(total);
    let at = 0;
    for (const p of packets) { out.writeUInt16LE(p.length, at); out.writeUInt16LE(ctr++ & 0xffff, at + 2); out.set(p, at + 4); at += 4 + p.length; }
    return out;
  };
  const t: XcpTransport = { port: bind.port, malformed: 0, sendDtos: () => {}, close: async () => {} };
  let udpPeer: RemoteInfo | null = null;
  let tcpPeer: TcpSocket | null = null;

  /** Splits a buffer into XCP messages; returns the responses and the unconsumed tail (TCP). */
  const handle = (buf: Buffer): { responses: Uint8Array[]; rest: Buffer } => {
    const responses: Uint8Array[] = [];
    let at = 0;
    while (buf.length - at >= 4) {
      const len = buf.readUInt16LE(at);
      if (len === 0 || len > MAX_MESSAGE) { t.malformed++; return { responses, rest: Buffer.alloc(0) }; }
      if (buf.length - at - 4 < len) break;
      responses.push(slave.command(new Uint8Array(buf.subarray(at + 4, at + 4 + len))));
      at += 4 + len;
    }
    return { responses, rest: buf.subarray(at) };
  };

  const udp = createSocket(bind.host.includes(':') ? 'udp6' : 'udp4');
  udp.on('message', (msg, peer) => {
    try {
      const { responses, rest } = handle(msg);
      if (rest.length > 0) t.malformed++;
      if (responses.length) { udpPeer = peer; tcpPeer = null; udp.send(frame(responses), peer.port, peer.address); }
    } catch { t.malformed++; }
  });
  const open = new Set<TcpSocket>();
  const tcp = createServer((sock) => {
    open.add(sock);
    let pending: Buffer = Buffer.alloc(0);
    sock.on('data', (chunk) => {
      try {
        const { responses, rest } = handle(Buffer.concat([pending, chunk]));
        pending = Buffer.from(rest);
        if (pending.length > MAX_MESSAGE + 4) { t.malformed++; sock.destroy(); return; }
        if (responses.length) { tcpPeer = sock; udpPeer = null; sock.write(frame(responses)); }
      } catch { t.malformed++; }
    });
    sock.on('error', () => {});
    sock.on('close', () => { open.delete(sock); if (tcpPeer === sock) tcpPeer = null; });
  });
  await new Promise<void>((resolve, reject) => { udp.once('error', reject); udp.bind(bind.port, bind.host, () => { udp.off('error', reject); resolve(); }); });
  t.port = udp.address().port;
  await new Promise<void>((resolve, reject) => { tcp.once('error', reject); tcp.listen(t.port, bind.host, () => { tcp.off('error', reject); resolve(); }); });
  t.sendDtos = (dtos) => {
    if (dtos.length === 0) return;
    if (tcpPeer) tcpPeer.write(frame(dtos));
    else if (udpPeer) for (const d of dtos) udp.send(frame([d]), udpPeer.port, udpPeer.address);
  };
  t.close = () => new Promise<void>((resolve) => { udp.close(); tcp.close(() => resolve()); for (const s of open) s.destroy(); });
  return t;
}
