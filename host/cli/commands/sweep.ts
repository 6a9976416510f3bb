// `hpa sweep <scenario> --param path=values … --firmware a,b`
import type { Command } from 'commander';
import { firmwareList } from '../../app/load-firmware.js';
import { refuseDirectory, writeOutputFile } from '../../app/output-file.js';
import { runSweep } from '../../workbench/sweep.js';
import { readGridFile } from '../../workbench/sweep-grid-file.js';
import { formatSweep, sweepCsv, sweepJson } from '../../workbench/sweep-format.js';
import { guarded } from '../errors.js';
import { threadsOption } from './engine-options.js';
import { startProgress } from '../progress.js';
import { addXoscImportFlags, xoscImportOptions, type XoscCliOptions } from './xosc-options.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function register(program: Command): void {
  const command = program.command('sweep')
    .description('run a grid over scenario fields, calibration values and firmware builds on all cores; resumable')
    .argument('<scenario>', 'scenario file (.json/.yaml/.xosc) or shipped name (its own grid variants, or a distribution\'s runs, are part of the sweep)')
    .option('-p, --param <path=values>', 'a swept value: "ego.speedKph=80,100,120", "calibration.fcwTtcS=1.5..3.4/20"; for .xosc a ParameterDeclaration: "EgoSpeedKph=20,40" (repeat for a grid)', collect)
    .option('-g, --grid <file.yaml>', 'the swept values as a file: "calibration.fcwTtcS: [1.5, 2, 2.5]", one path per line (and optionally "firmware: [1.0.0, 1.1.0]")')
    .option('-f, --firmware <version|file.wasm>', 'firmware builds to sweep (repeat or comma-separate)', collect)
    .option('-c, --calibration <file>', 'base calibration file (swept calibration values go on top)')
    .option('--variant <text>', "only the scenario's own variants whose name contains this")
    .option('-o, --out <file.jsonl>', 'append-only results file; an interrupted sweep resumes from it', 'sweep-results.jsonl')
    .option('--fresh', 'discard earlier results in --out instead of resuming')
    .option('--threads <n>', 'worker threads (default: one per core)')
    .option('--redis <url>', 'run the points on BullMQ over Redis (start `hpa worker --redis <url>` on any machines)')
    .option('--csv <file.csv>', 'write one row per point, the parameters as columns')
    .option('--report <file.html>', 'write an HTML report with heat maps of every metric over the first two parameters')
    .option('--json', 'print one JSON object');
  addXoscImportFlags(command)
    .action(guarded(async (scenario: string, opts: { param?: string[]; grid?: string; firmware?: string[]; calibration?: string; variant?: string; out: string; fresh?: boolean; threads?: string; redis?: string; csv?: string; report?: string; json?: boolean } & Omit<XoscCliOptions, 'param'>) => {
      const xosc = xoscImportOptions(opts);
      const threads = threadsOption(opts.threads);
      refuseDirectory('--out', opts.out);
      if (opts.csv) refuseDirectory('--csv', opts.csv);
      const bar = startProgress('sweep', { unit: 'runs', enabled: !opts.json, barFormat: 'sweep {bar} {value}/{total} runs | {rate} runs/s | ETA {eta_formatted}' });
      const grid = opts.grid ? readGridFile(opts.grid) : { params: [], firmware: [] };
      let t0 = 0, base = 0, total = 0;
      const report = await runSweep({
        scenario, xosc, onNote: (n) => console.error(`hpa: note: ${n}`), params: [...grid.params, ...(opts.param ?? [])], firmware: firmwareList([...grid.firmware, ...(opts.firmware ?? [])]), calibration: opts.calibration, variant: opts.variant,
        out: opts.out, fresh: opts.fresh, threads, redis: opts.redis,
        onStart: (n, done) => { t0 = performance.now(); base = done; total = n; bar.update(done, total, { rate: '—' }); },
        onProgress: (done) => bar.update(done, total, { rate: ((done - base) / ((performance.now() - t0) / 1000)).toFixed(0) }),
      });
      bar.stop();
      console.log(opts.json ? JSON.stringify(sweepJson(report), null, 2) : formatSweep(report));
      if (opts.csv) writeOutputFile('--csv', opts.csv, sweepCsv(report));
      if (opts.report) {
        const { writeSweepReport } = await import('../../workbench/report-files.js');
        writeSweepReport(opts.report, report);
      }
    }));
}
