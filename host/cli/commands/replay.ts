// `hpa replay` (issue 11): re-run a recorded HIL session offline and find the first cycle that differs.
import type { Command } from 'commander';
import { replaySession } from '../../hil/replay.js';
import { guarded } from '../errors.js';

export function register(program: Command): void {
  program.command('replay')
    .description('re-run a recorded HIL session (hpa hil serve --record) through a firmware; report the first cycle whose outputs differ')
    .argument('<session.mcap>', 'recorded session')
    .option('-f, --firmware <version|file.wasm>', 'firmware to replay through (default: the recorded one)')
    .option('--json', 'print one JSON object')
    .action(guarded(async (file: string, o: { firmware?: string; json?: boolean }) => {
      const r = await replaySession(file, o.firmware);
      if (o.json) { console.log(JSON.stringify(r, null, 2)); return; }
      console.log(`replay ${r.file}: recorded on ${r.recorded.version} (${r.recorded.sha256.slice(0, 12)}), replayed on ${r.replayed.version} (${r.replayed.sha256.slice(0, 12)})`);
      console.log(`  ${r.cycles} cycles, ${r.resets} resets, ${r.calibrationChanges} calibration changes, ${r.datagrams} datagrams`);
      if (!r.firstDifference) console.log('  outputs identical in every cycle');
      else {
        console.log(`  first difference at cycle ${r.firstDifference.cycle}:`);
        for (const d of r.firstDifference.outputs) console.log(`    ${d.signal}: recorded ${d.recorded}, replayed ${d.replayed}`);
      }
    }));
}
