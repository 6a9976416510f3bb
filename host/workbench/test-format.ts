// The pass/fail table of `hpa test`: one row per scenario run, one column per firmware.
import { table } from '../app/format.js';
import { caseLabel, type TestReport } from './test-suite.js';

const clip = (s: string, n: number) => (s.length > n ? s.slice(0, n - 1) + '…' : s);

export function formatTestReport(r: TestReport): string {
  const width = Math.max(20, Math.floor(70 / r.firmware.length));
  const rows = r.cases.map((c) => [clip(caseLabel(c), 48), ...r.firmware.map((_, i) => {
    if (c.error) return clip(`ERROR ${c.error}`, width);
    const o = c.outcomes[i];
    return o.passed ? 'PASS' : clip(`FAIL ${o.reasons[0]}`, width);
  })]);
  const head = ['scenario', ...r.firmware.map((f) => (f.ref === f.version ? f.ref : `${f.ref} (${f.version})`))];
  const perFw = r.firmware.map((f, i) => `${f.ref}: ${r.cases.filter((c) => !c.error && c.outcomes[i].passed).length}/${r.cases.length} pass`).join(' · ');
  const cal = r.calibration ? `\ncalibration ${r.calibration.file} (sha256 ${r.calibration.sha256.slice(0, 12)}…)` : '';
  return `${table(head, rows)}${cal}\n${perFw}\n${r.passed ? 'all passed' : `${r.failed} of ${r.total} failed`}`;
}
