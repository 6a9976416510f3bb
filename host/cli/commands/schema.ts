// `hpa schema scenario|calibration` and `hpa calibration …`
import type { Command } from 'commander';
import { calibrationSchema } from '../../../abi/calibration.js';
import { table } from '../../app/format.js';
import { Ecu } from '../../ecu/ecu.js';
import { loadCalibrationFile } from '../../sim/calibration-file.js';
import { scenarioSchema } from '../../sim/scenario-schema.js';
import { loadScenarioFile } from '../../sim/scenario.js';
import { resolveScenarioPath } from '../../app/run-command.js';
import { guarded } from '../errors.js';

export function register(program: Command): void {
  program.command('schema')
    .description('print the published JSON Schema of a scenario or a calibration file')
    .argument('<kind>', 'scenario | calibration')
    .action(guarded((kind: string) => {
      if (kind !== 'scenario' && kind !== 'calibration') throw new Error(`unknown schema "${kind}": use scenario or calibration`);
      console.log(JSON.stringify(kind === 'scenario' ? scenarioSchema : calibrationSchema(), null, 2));
    }));

  program.command('check')
    .description('validate scenario or calibration files without running them')
    .argument('<files...>', 'files to check (*.json / *.yaml); calibration files are recognised by --calibration')
    .option('--calibration', 'the files are calibration files')
    .action(guarded((files: string[], opts: { calibration?: boolean }) => {
      for (const f of files) {
        if (opts.calibration) { loadCalibrationFile(f); console.log(`${f}: valid calibration`); } else {
          const s = loadScenarioFile(resolveScenarioPath(f));
          console.log(`${f}: valid scenario, ${s.variants.length} run${s.variants.length === 1 ? '' : 's'}`);
        }
      }
    }));

  program.command('calibration')
    .description("show a firmware's calibration (values, units, limits); --json prints a file you can edit and pass to run")
    .option('-f, --firmware <version|file.wasm>', 'firmware', '1.1.0')
    .option('--json', 'print the calibration as a calibration file')
    .action(guarded((opts: { firmware: string; json?: boolean }) => {
      const ecu = Ecu.load(opts.firmware);
      const values = ecu.getCalibration();
      if (opts.json) { console.log(JSON.stringify(values, null, 2)); return; }
      const props = (calibrationSchema() as { properties: Record<string, { description?: string; minimum?: number; maximum?: number; items?: { minimum: number; maximum: number } }> }).properties;
      console.log(`Calibration of firmware ${ecu.version}`);
      console.log(table(['name', 'value', 'min … max', 'meaning'], Object.entries(values).map(([k, v]) => {
        const p = props[k];
        const lim = p.items ?? p;
        return [k, Array.isArray(v) ? v.map((x) => +x.toFixed(3)).join(', ') : +v.toFixed(4), `${lim.minimum} … ${lim.maximum}`, p.description ?? ''];
      })));
    }));
}
