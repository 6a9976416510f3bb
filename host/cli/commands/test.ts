// `hpa test <files|dirs…>`
import type { Command } from 'commander';
import { firmwareList } from '../../app/load-firmware.js';
import { writeOutputFile, refuseDirectory } from '../../app/output-file.js';
import { junitXml } from '../../workbench/junit.js';
import { formatTestReport } from '../../workbench/test-format.js';
import { runTestSuite, testReportJson } from '../../workbench/test-suite.js';
import { guarded } from '../errors.js';
import { startProgress } from '../progress.js';
import { threadsOption } from './engine-options.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function register(program: Command): void {
  program.command('test')
    .description("judge every scenario's `expect` on one or more firmware builds; a pass/fail table; exit 1 on any failure")
    .argument('<scenarios...>', 'scenario files, shipped names or folders (searched recursively)')
    .option('-f, --firmware <version|file.wasm>', 'firmware to test; repeat or comma-separate to compare side by side (default 1.1.0)', collect)
    .option('-c, --calibration <file>', 'calibration file applied to every run')
    .option('--junit <file.xml>', 'write JUnit XML for a CI server')
    .option('--report <file.html>', 'write an HTML report: the table, and the failing cases with all firmware overlaid')
    .option('--json', 'print one JSON object')
    .option('--threads <n>', 'worker threads (default: one per core)')
    .option('--redis <url>', 'run the scenarios on BullMQ over Redis (start `hpa worker --redis <url>` on any machines)')
    .action(guarded(async (refs: string[], opts: { firmware?: string[]; calibration?: string; junit?: string; report?: string; json?: boolean; threads?: string; redis?: string }) => {
      if (opts.junit) refuseDirectory('--junit', opts.junit);
      const bar = startProgress('test', { unit: 'runs', enabled: !opts.json, barFormat: 'hpa test {bar} {value}/{total} scenarios' });
      const report = await runTestSuite(refs, {
        firmware: firmwareList(opts.firmware), calibration: opts.calibration, threads: threadsOption(opts.threads), redis: opts.redis,
        onCase: (done, total) => bar.update(done, total),
      });
      bar.stop();
      console.log(opts.json ? JSON.stringify(testReportJson(report), null, 2) : formatTestReport(report));
      if (!report.passed) process.exitCode = 1;
      if (opts.junit) writeOutputFile('--junit', opts.junit, junitXml(report));
      if (opts.report) {
        const { writeTestReport } = await import('../../workbench/report-files.js');
        writeTestReport(opts.report, report, opts.calibration);
      }
    }));
}
