// `hpa bench` (issue 4): a thin call into bench/run.ts; the table goes to stdout, or with
// --json one JSON object; progress lines go to stderr.
import { InvalidArgumentError, type Command } from 'commander';
import { defaultOptions, SECTIONS, type Section } from '../../../bench/options.js';
import { formatReport } from '../../../bench/report.js';
import { runBench } from '../../../bench/run.js';

const positive = (what: string) => (value: string) => {
  const n = Number(value);
  if (!(n > 0)) throw new InvalidArgumentError(`${what} must be a positive number`);
  return n;
};

function sectionList(value: string): Section[] {
  const list = value.split(',').map((s) => s.trim()).filter(Boolean);
  for (const s of list) if (!SECTIONS.includes(s as Section)) throw new InvalidArgumentError(`unknown section "${s}" (one of ${SECTIONS.join(', ')})`);
  return list as Section[];
}

export function register(program: Command): void {
  program
    .command('bench')
    .description('benchmarks: ns/step (V8 vs native), per-cycle latency, closed-loop throughput, OTA swap cost, real-time runner, micro suite')
    .option('--quick', 'short run (under a minute)')
    .option('--json', 'print one JSON object instead of tables')
    .option('--sections <list>', `comma-separated subset of ${SECTIONS.join(',')}`, sectionList)
    .option('--firmware <version>', 'firmware version or .wasm path', '1.1.0')
    .option('--hz <n>', 'real-time rate', positive('--hz'))
    .option('--strategy <s>', 'real-time wait strategy: spin | sleep-spin | atomics')
    .option('--realtime-seconds <s>', 'real-time run length per runner (default 60, quick 3)', positive('--realtime-seconds'))
    .option('--loop-seconds <s>', 'closed-loop run length per measurement (default 10, quick 2)', positive('--loop-seconds'))
    .option('--micro-time <s>', 'benchmark.js max time per operation', positive('--micro-time'))
    .option('--scenario <name>', 'closed-loop scenario in scenarios/ (default steady-following)')
    .action(async (o: Record<string, unknown>) => {
      const base = defaultOptions(o.quick === true);
      const strategy = (o.strategy as string | undefined) ?? base.strategy;
      if (!['spin', 'sleep-spin', 'atomics'].includes(strategy)) throw new InvalidArgumentError(`unknown strategy "${strategy}"`);
      const report = await runBench({
        ...base,
        sections: (o.sections as Section[] | undefined) ?? base.sections,
        firmware: o.firmware as string,
        hz: (o.hz as number | undefined) ?? base.hz,
        strategy: strategy as typeof base.strategy,
        realtimeSeconds: (o.realtimeSeconds as number | undefined) ?? base.realtimeSeconds,
        loopSeconds: (o.loopSeconds as number | undefined) ?? base.loopSeconds,
        microMaxTimeS: (o.microTime as number | undefined) ?? base.microMaxTimeS,
        loopScenario: (o.scenario as string | undefined) ?? base.loopScenario,
        log: (line) => process.stderr.write(`bench: ${line}\n`),
      });
      process.stdout.write(o.json ? `${JSON.stringify(report)}\n` : `${formatReport(report)}\n`);
    });
}
