// `hpa hil serve` as a library function: starts the node (and its optional XCP slave and recorder)
// and returns a handle; the CLI keeps it running until a signal and prints the counters.
import { parseHostPort, type BindAddress } from './bind-address.js';
import { HilError } from './errors.js';
import { startHilServer, type HilMode, type HilServer } from './server.js';
import { SessionRecorder } from './recorder.js';
import { XcpSlave } from './xcp/slave.js';
import { startXcpTransport } from './xcp/transport.js';

export interface ServeCommandOptions {
  firmware: string; bind: string; mode: string; allowNonLoopback?: boolean;
  /** XCP on Ethernet (UDP and TCP) on this port of the bind host. */
  xcpPort?: number;
  /** Record the session (MCAP) to this new file. */
  record?: string;
  log?: (line: string) => void;
}

export interface ServeHandle { server: HilServer; close(): Promise<void>; extras: string[] }

export function parseMode(mode: string): HilMode {
  if (mode !== 'lockstep' && mode !== 'realtime') throw new HilError(`--mode: "${mode}" is not lockstep or realtime`);
  return mode;
}

export async function serveCommand(o: ServeCommandOptions): Promise<ServeHandle> {
  const bind: BindAddress = parseHostPort(o.bind, '--bind');
  const server = await startHilServer({ firmware: o.firmware, bind, mode: parseMode(o.mode), allowNonLoopback: o.allowNonLoopback, log: o.log });
  const closers: (() => Promise<void>)[] = [];
  const extras: string[] = [];
  try {
    const slave = o.xcpPort !== undefined ? new XcpSlave(server.ecu) : null;
    const transport = slave ? await startXcpTransport(slave, { host: bind.host, port: o.xcpPort! }) : null;
    if (transport) {
      closers.push(() => transport.close());
      extras.push(`XCP on udp+tcp ${bind.host}:${transport.port}`);
    }
    const recorder = o.record ? await SessionRecorder.open(o.record, server.ecu, server.mode) : null;
    if (recorder) {
      closers.unshift(() => recorder.close());
      extras.push(`recording to ${o.record}`);
    }
    // One hook, in this order: XCP writes land, the cycle runs, DAQ samples it, the recorder logs it.
    server.hooks.push({
      beforeCycle: () => {
        const applied = slave?.beforeCycle();
        if (applied) recorder?.calibration(applied);
      },
      afterCycle: (ecu, report, _received, atNs) => {
        if (slave && transport) transport.sendDtos(slave.afterCycle());
        recorder?.cycleDone(ecu, report, atNs);
      },
      onDatagram: (d, atNs, kind) => recorder?.datagram(d, atNs, kind),
      onReset: () => { slave?.cal.resync(); recorder?.reset(); },
    });
  } catch (e) {
    for (const c of closers) await c();
    await server.close();
    throw new HilError(`cannot start: ${(e as Error).message}`);
  }
  return {
    server, extras,
    close: async () => { for (const c of closers) await c(); await server.close(); },
  };
}
