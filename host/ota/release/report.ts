// The regression gate: run the shipped scenario library on a candidate image and write the
// report whose SHA-256 goes into the signed metadata. A release that fails any scenario is
// never packed (the regulator's rule: no version that was not fully tested may be pushed).
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT, resolveFirmware } from '../../ecu/firmware.js';
import { Ecu } from '../../ecu/ecu.js';
import { compileFirmware } from '../swap/wasm.js';
import { OtaError } from '../errors.js';

export interface ScenarioOutcome { file: string; scenario: string; passed: boolean; reasons: string[]; collision: boolean; impactSpeedKph: number | null }

export interface RegressionReport {
  type: 'hpa-regression-report';
  firmwareSha256: string;
  firmwareVersion: string;
  librarySha256: string;
  scenarios: number;
  passed: boolean;
  results: ScenarioOutcome[];
  createdAt: string;
}

interface LibraryResult { results: { file: string; scenario: string; passed: boolean; reasons: string[]; result: { collision: boolean; impactSpeedKph: number | null } }[]; passed: boolean }
type RunLibrary = (firmware: string) => LibraryResult;

export const SCENARIO_DIR = join(PROJECT_ROOT, 'scenarios');

/** Hash of every shipped scenario file, so a report names the exact library it ran. */
export function librarySha256(dir = SCENARIO_DIR): string {
  const h = createHash('sha256');
  if (existsSync(dir)) for (const f of readdirSync(dir).sort()) if (/\.(json|ya?ml)$/.test(f)) h.update(f).update(readFileSync(join(dir, f)));
  return h.digest('hex');
}

export class RegressionFailure extends OtaError {
  constructor(readonly report: RegressionReport) {
    const failed = report.results.filter((r) => !r.passed);
    super('regression-failed', `regression gate failed: ${failed.length} of ${report.results.length} scenarios — ${failed.slice(0, 5).map((r) => `${r.scenario} (${r.reasons.join('; ')})`).join(', ')}`, 3);
  }
}

/** Runs the library on a built version or .wasm file; throws RegressionFailure (with the report) if anything fails. */
export async function certify(firmware: string): Promise<RegressionReport> {
  const image = resolveFirmware(firmware);
  const version = new Ecu(compileFirmware(image.bytes), image.info).version;
  const lib = await import('../../sim/library.js' as string).catch(() => null) as { runLibrary?: RunLibrary } | null;
  if (!lib?.runLibrary) throw new OtaError('no-library', 'the scenario library runner (host/sim/library) is not available: cannot certify');
  const run = lib.runLibrary(image.path);
  const report: RegressionReport = {
    type: 'hpa-regression-report',
    firmwareSha256: image.info.sha256,
    firmwareVersion: version,
    librarySha256: librarySha256(),
    scenarios: run.results.length,
    passed: run.passed && run.results.length > 0 && run.results.every((r) => r.passed),
    results: run.results.map((r) => ({ file: r.file, scenario: r.scenario, passed: r.passed, reasons: r.reasons, collision: r.result.collision, impactSpeedKph: r.result.impactSpeedKph })),
    createdAt: new Date().toISOString(),
  };
  if (!report.passed) throw new RegressionFailure(report);
  return report;
}
