// `hpa demo`
import type { Command } from 'commander';
import { SingleBar, Presets } from 'cli-progress';
import { formatDemo, runDemo } from '../../app/demo.js';
import { shippedScenarioFiles } from '../../sim/library.js';
import { guarded } from '../errors.js';

export function register(program: Command): void {
  program.command('demo')
    .description('the recall story: 1.0.0 vs 1.1.0 on the accident and the construction zone, then the whole library on 1.1.0')
    .option('--json', 'print one JSON object')
    .action(guarded(async (opts: { json?: boolean }) => {
      const total = shippedScenarioFiles().flatMap((f) => f.variants).filter((v) => v.expect).length;
      const bar = opts.json || !process.stderr.isTTY ? null : new SingleBar({ format: 'scenario library {bar} {value}/{total}', stream: process.stderr }, Presets.shades_classic);
      bar?.start(total, 0);
      const report = await runDemo((done) => bar?.update(done));
      bar?.stop();
      if (opts.json) {
        console.log(JSON.stringify({
          storyHolds: report.storyHolds,
          ota: { holds: report.ota.holds, arrivalS: report.ota.arrivalS, genuine: { outcome: report.ota.genuine.outcome, collision: report.ota.genuine.result.collision, log: report.ota.genuine.log },
            tampered: { outcome: report.ota.tampered.outcome, refusal: report.ota.tampered.refusal, versionAtEnd: report.ota.tampered.versionAtEnd, log: report.ota.tampered.log } },
          recall: report.recall.map((r) => ({ scenario: r.scenario, old: { ...r.old, trace: undefined }, new: { ...r.new, trace: undefined } })),
          library: { passed: report.library.passed, total: report.library.total, failed: report.library.failed, results: report.library.results.map((x) => ({ scenario: x.scenario, passed: x.passed, reasons: x.reasons })) },
        }, null, 2));
      } else {
        console.log(formatDemo(report));
      }
      if (!report.storyHolds) process.exitCode = 1;
    }));
}
