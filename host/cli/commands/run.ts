// `hpa run <scenario>`
import type { Command } from 'commander';
import { formatRun } from '../../app/format.js';
import { runCommand, writeRunOutputs } from '../../app/run-command.js';
import { CalibrationError } from '../../ecu/ecu.js';
import { createOtaController } from '../../ota/swap/live-swap.js';
import { guarded } from '../errors.js';
import { addXoscImportFlags, xoscOptions, type XoscCliOptions } from './xosc-options.js';

export function register(program: Command): void {
  const command = program.command('run')
    .description('run a scenario closed-loop against a firmware and summarise it')
    .argument('<scenario>', 'scenario file (.json/.yaml) or the name of a shipped scenario')
    .option('-f, --firmware <version|file.wasm>', 'firmware version or .wasm file', '1.1.0')
    .option('-c, --calibration <file>', 'calibration file (JSON/YAML) applied before the run')
    .option('--variant <text>', 'only the grid variants whose name contains this')
    .option('--trace <file.csv>', 'write a per-cycle trace (CSV) for plotting')
    .option('--plot <file.svg>', 'write an SVG plot of speed, gap and acceleration with the events marked')
    .option('--edr <file.json>', 'write the event data recorder read back from the firmware after the run')
    .option('--ota <package>', 'a signed release that arrives during the drive (verified, warmed and swapped in live)')
    .option('--ota-at <tS>', 'when the release arrives [s]', '5')
    .option('--root <file>', 'the vehicle\'s trusted root (default <dir>/root.json)')
    .option('--dir <dir>', 'device state whose anti-rollback floor and hardware id the --ota release is checked against (default $HPA_OTA_DIR or .hpa/ota)')
    .option('--allow-live-activation', 'bench / HIL: the --ota release may take over while driving (default: only parked, pilot off)')
    .option('--mcap <file.mcap>', 'write an MCAP log for Foxglove: every input, output, calibration value and state field per cycle, and the events')
    .option('--report <file.html>', 'write an interactive HTML report (uPlot panels, events) of the runs')
    .option('--json', 'print exactly one JSON object (a run, or {scenario, runs} for a grid)')
    .option('--param <name=value...>', 'OpenSCENARIO: override a top-level parameter');
  addXoscImportFlags(command)
    .action(guarded(async (scenario: string, opts: { firmware: string; calibration?: string; variant?: string; trace?: string; edr?: string; plot?: string; report?: string; mcap?: string; json?: boolean; ota?: string; otaAt: string; root?: string; dir?: string; allowLiveActivation?: boolean } & XoscCliOptions) => {
      const atS = Number(opts.otaAt);
      if (opts.ota && !(atS >= 0)) throw new CalibrationError(`--ota-at: "${opts.otaAt}" is not a time in seconds`);
      const controllerFor = opts.ota
        ? () => createOtaController({ startFirmware: opts.firmware, packagePath: opts.ota!, atS, trustConfig: opts.root, dir: opts.dir, allowLiveActivation: opts.allowLiveActivation, log: (line) => console.error(line) })
        : undefined;
      const run = await runCommand(scenario, { ...opts, controllerFor, xosc: xoscOptions(opts), onNote: (n) => console.error(`hpa: note: ${n}`) });
      const { name, results } = run;
      if (opts.json) {
        const strip = ({ trace: _t, ...r }: (typeof results)[number]) => r;
        console.log(JSON.stringify(results.length === 1 ? strip(results[0]) : { scenario: name, runs: results.map(strip) }, null, 2));
      } else {
        console.log(results.map(formatRun).join('\n\n'));
      }
      // After printing: a failing write must not lose the results above.
      await writeRunOutputs(run, opts);
      if (opts.report) {
        const { writeRunReport } = await import('../../workbench/report-files.js');
        writeRunReport(opts.report, scenario, opts);
      }
    }));
}
