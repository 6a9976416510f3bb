// `hpa hil serve` and `hpa hil rig` (issue 11): thin calls into host/hil.
import { InvalidArgumentError, type Command } from 'commander';
import { formatRun } from '../../app/format.js';
import { parseHostPort } from '../../hil/bind-address.js';
import { rigCommand } from '../../hil/rig-command.js';
import { serveCommand } from '../../hil/serve-command.js';
import { guarded } from '../errors.js';

// Rates are checked by the rig (one `hpa:` line naming the rate), so the parser only converts.
const rate = (_name: string) => (v: string) => Number(v);
const nonNegative = (name: string) => (v: string) => {
  const n = Number(v);
  if (!(n >= 0) || !Number.isFinite(n)) throw new InvalidArgumentError(`${name} must be a number ≥ 0`);
  return n;
};

export function register(program: Command): void {
  const hil = program.command('hil').description('hardware-in-the-loop: the ECU as a UDP node with AUTOSAR E2E protection, and the simulator as its rig');

  hil.command('serve')
    .description('serve a firmware as a UDP node (Ctrl-C stops it and prints the link counters)')
    .requiredOption('-f, --firmware <version|file.wasm>', 'firmware version or .wasm file')
    .option('--bind <host:port>', 'UDP address for rig frames (loopback unless --allow-non-loopback)', '127.0.0.1:41000')
    .option('--mode <mode>', 'lockstep (one cycle per frame) or realtime (own 10 ms clock)', 'lockstep')
    .option('--allow-non-loopback', 'allow binding to an address other than loopback')
    .option('--xcp-port <port>', 'also serve XCP on Ethernet (UDP and TCP) on this port', nonNegative('--xcp-port'))
    .option('--record <out.mcap>', 'record the session (frames, E2E status, outputs, XCP writes) to a new MCAP file')
    .option('--seconds <s>', 'stop after this many seconds (default: run until interrupted)', nonNegative('--seconds'))
    .action(guarded(async (o: { firmware: string; bind: string; mode: string; allowNonLoopback?: boolean; seconds?: number; xcpPort?: number; record?: string }) => {
      const handle = await serveCommand({ ...o, log: (line) => console.error(line) });
      const a = handle.server.address;
      console.error(`hil: ECU ${handle.server.ecu.version} serving ${handle.server.mode} on udp ${a.host}:${a.port}${handle.extras.map((e) => `; ${e}`).join('')}`);
      let timer: NodeJS.Timeout | undefined;
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
        if (o.seconds !== undefined) timer = setTimeout(resolve, o.seconds * 1000);
      });
      clearTimeout(timer); // nothing may keep the process alive after the node closed
      const counters = handle.server.counters();
      await handle.close();
      console.log(JSON.stringify(counters));
    }));

  hil.command('rig')
    .description('run a scenario closed-loop against a served ECU (lockstep), with optional seeded faults')
    .argument('<scenario>', 'scenario file or the name of a shipped scenario')
    .requiredOption('--connect <host:port>', 'the served ECU')
    .option('--variant <text>', 'only the grid variants whose name contains this')
    .option('--drop <rate>', 'fraction of frames dropped', rate('--drop'))
    .option('--repeat <rate>', 'fraction of frames sent twice', rate('--repeat'))
    .option('--reorder <rate>', 'fraction of frames swapped with the next one', rate('--reorder'))
    .option('--corrupt <rate>', 'fraction of frames with one bit flipped', rate('--corrupt'))
    .option('--delay <rate>', 'fraction of frames held back --delay-ms', rate('--delay'))
    .option('--delay-ms <ms>', 'hold-back time of delayed frames', nonNegative('--delay-ms'), 20)
    .option('--seed <n>', 'fault seed', nonNegative('--seed'), 1)
    .option('--json', 'print one JSON object')
    .action(guarded(async (scenario: string, o: { connect: string; variant?: string; drop?: number; repeat?: number; reorder?: number; corrupt?: number; delay?: number; delayMs: number; seed: number; json?: boolean }) => {
      const r = await rigCommand(scenario, {
        connect: parseHostPort(o.connect, '--connect'), variant: o.variant,
        faults: { drop: o.drop, repeat: o.repeat, reorder: o.reorder, corrupt: o.corrupt, delay: o.delay, delayMs: o.delayMs, seed: o.seed },
      });
      if (o.json) {
        const strip = ({ trace: _t, ...x }: (typeof r.results)[number]) => x;
        console.log(JSON.stringify({ scenario: r.name, runs: r.results.map(strip), rig: r.rig, ecu: r.ecu }, null, 2));
        return;
      }
      console.log(r.results.map(formatRun).join('\n\n'));
      console.log(`\nrig: injected ${JSON.stringify(r.rig.injected)}; answers ${JSON.stringify(r.rig.answers)}`);
      console.log(`ecu link: ${JSON.stringify(r.ecu)}`);
    }));
}
