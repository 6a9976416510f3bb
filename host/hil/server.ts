// `hpa hil serve`: the ECU as a UDP node. Lockstep: each input-sized datagram runs exactly one cycle
// and is answered with the output frame. Realtime: the ECU runs its own 10 ms clock (absolute
// deadlines) and each cycle uses the newest frame that passed the E2E check, answering the last sender.
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { CYCLE_S } from '../../abi/signals.js';
import { Ecu } from '../ecu/ecu.js';
import { LAYOUT } from '../ecu/abi-views.js';
import { checkBind, type BindAddress } from './bind-address.js';
import { decodeControl, encodeControl, intactDataId } from './frame-codec.js';
import { DATA_ID, INPUT_FRAME, OUTPUT_FRAME } from './frame-layout.js';
import { RigLink, type CycleReport } from './link.js';
import type { LinkCounters } from './link-counters.js';

export type HilMode = 'lockstep' | 'realtime';

export interface ServeOptions {
  firmware: string;
  bind: BindAddress;
  mode: HilMode;
  allowNonLoopback?: boolean;
  log?: (line: string) => void;
}

/** Called at every cycle boundary, before the cycle (XCP writes land here) and after it (recording, DAQ). */
export interface CycleHooks {
  beforeCycle?(ecu: Ecu): void;
  afterCycle?(ecu: Ecu, report: CycleReport, received: Uint8Array | null, receivedAtNs: bigint): void;
  onDatagram?(d: Uint8Array, atNs: bigint, kind: string): void;
  /** The rig asked for a power-on reset of the ECU. */
  onReset?(ecu: Ecu): void;
}

export interface HilServer {
  readonly ecu: Ecu;
  readonly link: RigLink;
  readonly address: BindAddress;
  readonly mode: HilMode;
  hooks: CycleHooks[];
  counters(): LinkCounters & { cycles: number };
  close(): Promise<void>;
}

function identity(ecu: Ecu, mode: HilMode) {
  return {
    firmware: { version: ecu.version, sha256: ecu.info.sha256 }, mode, abiHash: LAYOUT.abiHash,
    inputFrameBytes: INPUT_FRAME.bytes, outputFrameBytes: OUTPUT_FRAME.bytes, cycleS: CYCLE_S,
    // The calibration the ECU runs with (little-endian doubles), so a rig's run report can state it.
    calibration: Buffer.from(ecu.calibration.buffer, ecu.calibration.byteOffset, ecu.calibration.byteLength).toString('base64'),
  };
}

export async function startHilServer(o: ServeOptions): Promise<HilServer> {
  checkBind(o.bind, o.allowNonLoopback ?? false, '--bind');
  const ecu = Ecu.load(o.firmware);
  const link = new RigLink(ecu);
  const socket: Socket = createSocket({ type: o.bind.host.includes(':') ? 'udp6' : 'udp4' });
  const hooks: CycleHooks[] = [];
  let cycles = 0;
  let controlCounter = 0;
  let lastPeer: RemoteInfo | null = null;
  let lastReceived: Uint8Array | null = null;
  let lastReceivedNs = 0n;

  const cycleDone = (report: CycleReport, received: Uint8Array | null, atNs: bigint, peer: RemoteInfo | null) => {
    cycles++;
    for (const h of hooks) h.afterCycle?.(ecu, report, received, atNs);
    if (peer) socket.send(report.output, peer.port, peer.address);
  };

  const control = (d: Uint8Array, peer: RemoteInfo) => {
    link.counters.controlRequests++;
    const body = decodeControl(d) as { op?: string };
    let reply: unknown;
    if (body?.op === 'reset') {
      ecu.reset();
      link.reset();
      for (const h of hooks) h.onReset?.(ecu);
      reply = { ok: true, ...identity(ecu, o.mode) };
    } else if (body?.op === 'stats') {
      reply = { ok: true, counters: { ...link.counters, cycles } };
    } else if (body?.op === 'identity') {
      reply = { ok: true, ...identity(ecu, o.mode) };
    } else {
      reply = { ok: false, error: `unknown control op ${JSON.stringify(body?.op)}` };
    }
    socket.send(encodeControl(DATA_ID.controlResponse, reply, controlCounter++ & 0xffff), peer.port, peer.address);
  };

  socket.on('message', (msg: Buffer, peer: RemoteInfo) => {
    try {
      const d = new Uint8Array(msg.buffer, msg.byteOffset, msg.length);
      const atNs = process.hrtime.bigint();
      const kind = link.classify(d);
      for (const h of hooks) h.onDatagram?.(d, atNs, kind);
      if (kind === 'short' || kind === 'oversized') return;
      if (kind === 'control' && intactDataId(d) === DATA_ID.controlRequest) { control(d, peer); return; }
      if (o.mode === 'lockstep') {
        for (const h of hooks) h.beforeCycle?.(ecu);
        const report = link.lockstep(d);
        if (report) cycleDone(report, d, atNs, peer);
      } else {
        link.receive(d);
        lastPeer = peer;
        lastReceived = Uint8Array.from(d);
        lastReceivedNs = atNs;
      }
    } catch {
      // Never let a datagram stop the node: count it, keep the cycle.
      link.counters.handlerFaults++;
    }
  });
  socket.on('error', (e) => o.log?.(`hil: socket error: ${e.message}`));

  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  if (o.mode === 'realtime') {
    // Absolute deadlines t0 + k·10 ms so timer lateness never accumulates; the event loop stays free for
    // the socket between cycles (late cycles are caught up, each with its own E2E check).
    const periodMs = CYCLE_S * 1000;
    const t0 = performance.now();
    let k = 0;
    const loop = () => {
      if (stopped) return;
      const now = performance.now();
      while (t0 + k * periodMs <= now) {
        try {
          for (const h of hooks) h.beforeCycle?.(ecu);
          const received = lastReceived;
          lastReceived = null;
          cycleDone(link.tick(), received, lastReceivedNs, lastPeer);
        } catch {
          link.counters.handlerFaults++;
        }
        k++;
      }
      timer = setTimeout(loop, Math.max(0, t0 + k * periodMs - performance.now()));
    };
    timer = setTimeout(loop, periodMs);
  }

  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(o.bind.port, o.bind.host, () => { socket.off('error', reject); resolve(); });
  });
  const a = socket.address();
  return {
    ecu, link, mode: o.mode, hooks,
    address: { host: a.address, port: a.port },
    counters: () => ({ ...link.counters, cycles }),
    close: () => new Promise<void>((resolve) => {
      stopped = true;
      if (timer) clearTimeout(timer);
      socket.close(() => resolve());
    }),
  };
}
