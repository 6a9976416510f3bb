// `--report out.html` on run, test and sweep: build the page and write it (a failed write is a
// one-line user error).
import { firmwareList } from '../app/load-firmware.js';
import { refuseDirectory, writeOutputFile } from '../app/output-file.js';
import { scenarioReport, sweepReportData, testReportData } from './report-builders.js';
import { reportHtml } from './report-html.js';
import type { SweepReport } from './sweep.js';
import type { TestReport } from './test-suite.js';

export function writeRunReport(path: string, scenario: string, opts: { firmware?: string; calibration?: string; variant?: string }): void {
  refuseDirectory('--report', path);
  const { data } = scenarioReport(scenario, { firmware: firmwareList(opts.firmware), calibration: opts.calibration ? [opts.calibration] : undefined, variant: opts.variant });
  writeOutputFile('--report', path, reportHtml(data));
}

export function writeTestReport(path: string, report: TestReport, calibration?: string): void {
  refuseDirectory('--report', path);
  writeOutputFile('--report', path, reportHtml(testReportData(report, calibration)));
}

export function writeSweepReport(path: string, report: SweepReport): void {
  refuseDirectory('--report', path);
  writeOutputFile('--report', path, reportHtml(sweepReportData(report)));
}
