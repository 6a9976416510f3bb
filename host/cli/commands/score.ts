// `hpa score-aeb`: Euro NCAP AEB Car-to-Car points of a firmware on the AEB-only grids.
import type { Command } from 'commander';
import { SCORE_HEADER, scoreAebGrids, scoreMarkdown } from '../../sim/euro-ncap-score.js';
import { guarded } from '../errors.js';

export function register(program: Command): void {
  program.command('score-aeb')
    .description('Euro NCAP AEB Car-to-Car points on the AEB-only grids (pilot off, passive driver)')
    .option('-f, --firmware <versions...>', 'firmware versions or .wasm files', ['1.0.0', '1.1.0'])
    .option('--json', 'print every run as JSON')
    .action(guarded((opts: { firmware: string[]; json?: boolean }) => {
      const scored = opts.firmware.map((fw) => ({ firmware: fw, grids: scoreAebGrids(fw) }));
      if (opts.json) { console.log(JSON.stringify(scored, null, 2)); return; }
      console.log(SCORE_HEADER);
      for (const s of scored) console.log(scoreMarkdown(s.firmware, s.grids));
    }));
}
