// `hpa episode`: one or more episodes of `hpa validate`'s seeded traffic as scenario files, without
// running a validation. A report names an episode (seed 2030, episode 15455); this writes it, and
// `hpa run` replays it exactly — on any firmware, with plots and traces.
import type { Command } from 'commander';
import { join } from 'node:path';
import { episodeScenarioFile, ValidateError } from '../../validate/validate.js';
import { makeOutputDir, writeOutputFile } from '../../app/output-file.js';
import { guarded } from '../errors.js';
import { trafficOptions } from './traffic-options.js';

interface EpisodeCli { seed: string; driver: string; conditions: string; out?: string }

/** What validation counts as a failure: a collision or a phantom brake. */
const EXPECT = { collision: false, maxPhantomBrakes: 0 };

export function register(program: Command): void {
  program.command('episode')
    .description('write episodes of `hpa validate`\'s seeded traffic as scenario files (replay one with `hpa run`)')
    .argument('<index...>', 'episode numbers, as a validation report names them')
    .option('--seed <n>', 'the validation\'s seed', '1')
    .option('--driver <profile>', 'attentive or mixed, as the validation ran', 'attentive')
    .option('--conditions <kind>', 'mixed or clear, as the validation ran', 'mixed')
    .option('--out <dir>', 'write <dir>/validate-s<seed>-e<index>.json (default: one episode is printed)')
    .action(guarded(async (indices: string[], o: EpisodeCli) => {
      const { seed, profile, conditions } = trafficOptions(o);
      for (const i of indices) if (!/^\d+$/.test(i) || Number(i) > 2 ** 31 - 1) throw new ValidateError(`episode "${i}" is not an integer in 0 … 2^31 − 1`);
      if (!o.out && indices.length > 1) throw new ValidateError(`${indices.length} episodes need --out <dir> (one file each)`);
      const files = indices.map((i) => episodeScenarioFile(seed, Number(i), profile, conditions, EXPECT));
      if (!o.out) { process.stdout.write(files[0].text); return; }
      makeOutputDir('--out', o.out);
      for (const f of files) {
        const path = join(o.out, `${f.name}.json`);
        writeOutputFile('--out', path, f.text);
        console.log(path);
      }
    }));
}
