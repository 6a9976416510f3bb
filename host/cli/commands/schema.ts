// `hpa schema scenario|calibration`, `hpa check …` and `hpa calibration …`
import type { Command } from 'commander';
import { calibrationSchema } from '../../../abi/calibration.js';
import { calibrationTable, checkFiles, formatCheck } from '../../app/check-command.js';
import { loadEcu } from '../../app/load-firmware.js';
import { UserError } from '../../app/user-error.js';
import { scenarioSchema } from '../../sim/scenario-schema.js';
import { guarded } from '../errors.js';

export function register(program: Command): void {
  program.command('schema')
    .description('print the published JSON Schema of a scenario or a calibration file')
    .argument('<kind>', 'scenario | calibration')
    .action(guarded((kind: string) => {
      if (kind !== 'scenario' && kind !== 'calibration') throw new UserError(`schema ${kind}`, 'unknown kind: use "scenario" or "calibration"');
      console.log(JSON.stringify(kind === 'scenario' ? scenarioSchema : calibrationSchema(), null, 2));
    }));

  program.command('check')
    .description('validate scenario or calibration files without running them (every file is checked; exit 1 if any is bad)')
    .argument('<files...>', 'files to check (*.json / *.yaml); calibration files are recognised by --calibration')
    .option('--calibration', 'the files are calibration files (also checked against the cross-field rules and each release\'s defaults)')
    .option('--json', 'print one JSON object')
    .action(guarded((files: string[], opts: { calibration?: boolean; json?: boolean }) => {
      const report = checkFiles(files, { calibration: opts.calibration });
      if (opts.json) console.log(JSON.stringify(report, null, 2));
      else {
        const { ok, bad } = formatCheck(report);
        if (ok) console.log(ok);
        if (bad) console.error(bad);
      }
      if (!report.valid) process.exitCode = 1;
    }));

  program.command('calibration')
    .description("show a firmware's calibration (values, units, limits); --json prints a file you can edit and pass to run")
    .option('-f, --firmware <version|file.wasm>', 'firmware', '1.1.0')
    .option('--json', 'print the calibration as a calibration file')
    .action(guarded((opts: { firmware: string; json?: boolean }) => {
      const ecu = loadEcu(opts.firmware);
      if (opts.json) { console.log(JSON.stringify(ecu.getCalibration(), null, 2)); return; }
      console.log(`Calibration of firmware ${ecu.version}`);
      console.log(calibrationTable(ecu));
    }));
}
