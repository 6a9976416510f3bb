// `hpa hil serve` as a library function: starts the node (and its optional XCP slave and recorder)
// and returns a handle; the CLI keeps it running until a signal and prints the counters.
import { parseHostPort, type BindAddress } from './bind-address.js';
import { HilError } from './errors.js';
import { startHilServer, type HilMode, type HilServer } from './server.js';
import { XcpSlave } from './xcp/slave.js';
import { startXcpTransport } from './xcp/transport.js';

export interface ServeCommandOptions {
  firmware: string; bind: string; mode: string; allowNonLoopback?: boolean;
  /** XCP on Ethernet (UDP and TCP) on this port of the bind host. */
  xcpPort?: number;
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
    if (o.xcpPort !== undefined) {
      const slave = new XcpSlave(server.ecu);
      const transport = await startXcpTransport(slave, { host: bind.host, port: o.xcpPort });
      server.hooks.push({
        beforeCycle: () => { slave.beforeCycle(); },
        afterCycle: () => transport.sendDtos(slave.afterCycle()),
        onReset: () => slave.cal.resync(),
      });
      closers.push(() => transport.close());
      extras.push(`XCP on udp+tcp ${bind.host}:${transport.port}`);
    }
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
