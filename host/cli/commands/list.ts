// `hpa list`
import type { Command } from 'commander';
import { table } from '../../app/format.js';
import { listFirmware } from '../../ecu/firmware.js';
import { shippedScenarioFiles } from '../../sim/library.js';
import { guarded } from '../errors.js';

export function register(program: Command): void {
  program.command('list')
    .description('list the shipped scenarios and the firmware versions built')
    .option('--json', 'print one JSON object')
    .action(guarded((opts: { json?: boolean }) => {
      const scenarios = shippedScenarioFiles().map((f) => ({ name: f.name, file: f.file, variants: f.variants.length, description: f.variants[0]?.description ?? '' }));
      const firmware = listFirmware();
      if (opts.json) { console.log(JSON.stringify({ scenarios, firmware }, null, 2)); return; }
      console.log('Scenarios (scenarios/)');
      console.log(table(['name', 'runs', 'description'], scenarios.map((s) => [s.name, s.variants, s.description.length > 90 ? s.description.slice(0, 87) + '…' : s.description])));
      console.log('\nFirmware (build/firmware/)');
      console.log(table(['version', 'build', 'file', 'bytes', 'sha256', 'features'], firmware.map((f) => [f.version, f.build, f.file, f.bytes, f.sha256.slice(0, 16) + '…', f.features.join(', ') || '—'])));
    }));
}
