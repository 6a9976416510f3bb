// `hpa fmu --firmware <version|file.wasm> -o <file.fmu>`
import type { Command } from 'commander';
import { buildFmu } from '../../fmu/build-fmu.js';
import { guarded } from '../errors.js';

export function register(program: Command): void {
  program.command('fmu')
    .description('export a firmware as an FMI 2.0 co-simulation FMU (linux64 binary: the .wasm via wasm2c + gcc); see docs/fmu.md')
    .option('-f, --firmware <version|file.wasm>', 'firmware', '1.1.0')
    .option('-o, --output <file.fmu>', 'where to write the FMU (default hpa-<version>.fmu)')
    .option('--json', 'print the result as one JSON object')
    .action(guarded((opts: { firmware: string; output?: string; json?: boolean }) => {
      const out = opts.output ?? `hpa-${opts.firmware.endsWith('.wasm') ? opts.firmware.replace(/^.*\//, '').replace(/\.wasm$/, '') : opts.firmware}.fmu`;
      const fmu = buildFmu(opts.firmware, out);
      if (opts.json) { console.log(JSON.stringify(fmu)); return; }
      console.log(`${fmu.path}: FMI 2.0 co-simulation FMU of firmware ${fmu.version} (${fmu.bytes} bytes)`);
      console.log(`  modelIdentifier ${fmu.modelIdentifier}, GUID ${fmu.guid}, step 0.01 s`);
      console.log(`  ${fmu.counts.input} inputs, ${fmu.counts.output} outputs, ${fmu.counts.parameter} tunable parameters (calibration), ${fmu.counts.local} local state variables`);
    }));
}
