// JUnit XML as CI servers read it (Jenkins, GitLab, GitHub test reporters): one <testsuite> per
// firmware, one <testcase> per scenario run, <failure> with the reasons, <error> for a file
// that did not load.
import { basename } from 'node:path';
import type { TestReport } from './test-suite.js';

const escapeXml = (s: string) => s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!)
  // XML 1.0 forbids most control characters even escaped.
  .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '');

const attrs = (a: Record<string, string | number>) => Object.entries(a).map(([k, v]) => ` ${k}="${escapeXml(String(v))}"`).join('');

export function junitXml(r: TestReport, timestamp = new Date()): string {
  const suites = r.firmware.map((fw, i) => {
    const cases = r.cases.map((c) => {
      const classname = basename(c.file).replace(/\.(json|ya?ml)$/i, '');
      if (c.error) return `    <testcase${attrs({ classname, name: basename(c.file), time: 0 })}>\n      <error${attrs({ message: c.error, type: 'InvalidScenario' })}>${escapeXml(c.error)}</error>\n    </testcase>`;
      const o = c.outcomes[i];
      const head = `    <testcase${attrs({ classname, name: c.scenario, time: o.timeS.toFixed(3) })}`;
      return o.passed ? `${head}/>` : `${head}>\n      <failure${attrs({ message: o.reasons[0], type: 'ExpectationFailed' })}>${escapeXml(o.reasons.join('\n'))}</failure>\n    </testcase>`;
    });
    const failures = r.cases.filter((c) => !c.error && !c.outcomes[i].passed).length;
    const errors = r.cases.filter((c) => c.error).length;
    const time = r.cases.reduce((t, c) => t + (c.outcomes[i]?.timeS ?? 0), 0);
    return `  <testsuite${attrs({ name: `firmware ${fw.ref}`, tests: r.cases.length, failures, errors, skipped: 0, time: time.toFixed(3), timestamp: timestamp.toISOString().slice(0, 19) })}>\n`
      + `    <properties>\n      <property${attrs({ name: 'firmware.version', value: fw.version })}/>\n      <property${attrs({ name: 'firmware.sha256', value: fw.sha256 })}/>\n`
      + (r.calibration ? `      <property${attrs({ name: 'calibration.file', value: r.calibration.file })}/>\n      <property${attrs({ name: 'calibration.sha256', value: r.calibration.sha256 })}/>\n` : '')
      + `    </properties>\n${cases.join('\n')}\n  </testsuite>`;
  });
  const failures = r.cases.reduce((n, c) => n + c.outcomes.filter((o) => !o.passed).length, 0);
  const errors = r.cases.filter((c) => c.error).length * r.firmware.length;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites${attrs({ name: 'hpa test', tests: r.cases.length * r.firmware.length, failures, errors })}>\n${suites.join('\n')}\n</testsuites>\n`;
}
