// `hpa a2l` (issue 11): the ASAM MCD-2 MC description of a firmware, for calibration tools.
import { writeFileSync } from 'node:fs';
import { InvalidArgumentError, type Command } from 'commander';
import { a2lForFirmware } from '../../hil/a2l.js';
import { HilError } from '../../hil/errors.js';
import { guarded } from '../errors.js';

export function register(program: Command): void {
  program.command('a2l')
    .description('write the A2L (ASAM MCD-2 MC) of a firmware: measurements, calibration, XCP on Ethernet, EPK')
    .requiredOption('-f, --firmware <version|file.wasm>', 'firmware version or .wasm file')
    .option('-o, --output <file.a2l>', 'output file (default hpa-<version>.a2l)')
    .option('--xcp-port <port>', 'XCP port written into the IF_DATA', (v) => {
      const n = Number(v);
      if (!(Number.isInteger(n) && n > 0 && n < 65536)) throw new InvalidArgumentError('--xcp-port must be a port number');
      return n;
    })
    .action(guarded((o: { firmware: string; output?: string; xcpPort?: number }) => {
      const text = a2lForFirmware(o.firmware, { xcpPort: o.xcpPort });
      const out = o.output ?? `hpa-${o.firmware.replace(/\.wasm$/, '').replace(/.*\//, '')}.a2l`;
      try {
        writeFileSync(out, text);
      } catch (e) {
        throw new HilError(`${out}: cannot write (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
      }
      console.log(`a2l: ${out} (${text.length} bytes)`);
    }));
}
