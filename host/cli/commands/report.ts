// `hpa report <scenario>`: one self-contained HTML file, the firmware builds and calibrations overlaid.
import type { Command } from 'commander';
import { firmwareList } from '../../app/load-firmware.js';
import { refuseDirectory, writeOutputFile } from '../../app/output-file.js';
import { scenarioReport } from '../../workbench/report-builders.js';
import { reportHtml } from '../../workbench/report-html.js';
import { guarded } from '../errors.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function register(program: Command): void {
  program.command('report')
    .description('write an HTML report of a scenario: linked speed, gap, acceleration, TTC and warning panels; several firmware or calibrations overlaid')
    .argument('<scenario>', 'scenario file or shipped name')
    .option('-f, --firmware <version|file.wasm>', 'firmware to overlay (repeat or comma-separate, e.g. 1.0.0,1.1.0)', collect)
    .option('-c, --calibration <file>', 'calibration files to overlay (repeat)', collect)
    .option('--variant <text>', 'only the variants whose name contains this')
    .option('-o, --out <file.html>', 'the HTML file', 'report.html')
    .action(guarded(async (scenario: string, opts: { firmware?: string[]; calibration?: string[]; variant?: string; out: string }) => {
      refuseDirectory('--out', opts.out);
      const { data, results } = scenarioReport(scenario, { firmware: firmwareList(opts.firmware), calibration: opts.calibration, variant: opts.variant });
      console.log(`${results.length} run${results.length === 1 ? '' : 's'}: ${results.map((r) => `${r.scenario} on ${r.firmware.version}: ${r.collision ? `COLLISION at ${r.impactSpeedKph} km/h` : 'no contact'}`).join('; ')}`);
      writeOutputFile('--out', opts.out, reportHtml(data));
      console.log(`report written to ${opts.out}`);
    }));
}
