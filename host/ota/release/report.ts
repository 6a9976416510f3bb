// The regression gate and its evidence. The gate runs the shipped scenario library on a
// candidate image and signs what it saw with the EVIDENCE role's key (the gate's own key, not the
// release manager's). The report lists the library manifest (every scenario with an expectation,
// read from the files, not from the runner) and one result per scenario. Whoever checks it
// (`pack`, the vehicle) recomputes "passed" from the listed results: flipping the top-level
// flag of a report that lists failures changes nothing but the verdict's wording (untested).
import { createHash, type KeyObject } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT, resolveFirmware } from '../../ecu/firmware.js';
import { Ecu } from '../../ecu/ecu.js';
import { compileFirmware } from '../swap/wasm.js';
import { OtaError, OtaRefusal } from '../errors.js';
import { signEnvelope, type Signed } from './signed.js';

export interface ScenarioOutcome { file: string; scenario: string; passed: boolean; reasons: string[]; collision: boolean; impactSpeedKph: number | null }

export interface LibraryManifest { sha256: string; scenarios: string[] }

export interface RegressionReport {
  _type: 'hpa-evidence';
  firmwareSha256: string;
  firmwareVersion: string;
  library: LibraryManifest;
  scenarios: number;
  passed: boolean;
  results: ScenarioOutcome[];
  createdAt: string;
}
export type SignedEvidence = Signed<RegressionReport>;

interface LibraryModule {
  runLibrary(firmware: string): { results: { file: string; scenario: string; passed: boolean; reasons: string[]; result: { collision: boolean; impactSpeedKph: number | null } }[] };
  shippedScenarioFiles(dir?: string): { file: string; variants: { name: string; expect?: unknown }[] }[];
}

export const SCENARIO_DIR = join(PROJECT_ROOT, 'scenarios');
export const scenarioId = (file: string, scenario: string): string => `${file}#${scenario}`;

async function library(): Promise<LibraryModule> {
  const lib = await import('../../sim/library.js' as string).catch(() => null) as LibraryModule | null;
  if (!lib?.runLibrary) throw new OtaError('no-library', 'the scenario library runner (host/sim/library) is not available: cannot certify');
  return lib;
}

/** Hash of every shipped scenario file, so a report names the exact library it ran. */
export function librarySha256(dir = SCENARIO_DIR): string {
  const h = createHash('sha256');
  if (existsSync(dir)) for (const f of readdirSync(dir).sort()) if (/\.(json|ya?ml)$/.test(f)) h.update(f).update(readFileSync(join(dir, f)));
  return h.digest('hex');
}

/** Every scenario of the shipped library that states an expectation: what a report must cover. */
export async function libraryManifest(dir = SCENARIO_DIR): Promise<LibraryManifest> {
  const lib = await library();
  const scenarios = lib.shippedScenarioFiles(dir).flatMap((f) => f.variants.filter((v) => v.expect).map((v) => scenarioId(f.file, v.name)));
  return { sha256: librarySha256(dir), scenarios: [...new Set(scenarios)].sort() };
}

export class RegressionFailure extends OtaError {
  constructor(readonly report: RegressionReport, readonly evidence: SignedEvidence | null) {
    const failed = report.results.filter((r) => !r.passed);
    super('regression-failed', `regression gate failed: ${failed.length} of ${report.results.length} scenarios — ${failed.slice(0, 5).map((r) => `${r.scenario} (${r.reasons.join('; ')})`).join(', ')}`, 3);
  }
}

/**
 * Runs the library on a built version or .wasm file and signs the report with the gate's key.
 * Throws RegressionFailure (carrying the signed report of the failing run) if anything fails.
 */
export async function certify(firmware: string, gateKey: KeyObject | null): Promise<SignedEvidence> {
  const image = resolveFirmware(firmware);
  const version = new Ecu(compileFirmware(image.bytes), image.info).version;
  const lib = await library();
  const manifest = await libraryManifest();
  const run = lib.runLibrary(image.path);
  const results = run.results.map((r) => ({ file: r.file, scenario: r.scenario, passed: r.passed, reasons: r.reasons, collision: r.result.collision, impactSpeedKph: r.result.impactSpeedKph }));
  const report: RegressionReport = {
    _type: 'hpa-evidence', firmwareSha256: image.info.sha256, firmwareVersion: version, library: manifest,
    scenarios: results.length, passed: results.length > 0 && results.every((r) => r.passed), results, createdAt: new Date().toISOString(),
  };
  const evidence = gateKey ? signEnvelope(report, [gateKey]) : null;
  if (!report.passed) throw new RegressionFailure(report, evidence);
  if (!evidence) throw new OtaError('no-key', 'certify needs the evidence (gate) key to sign its report');
  return evidence;
}

/**
 * What the listed results say, independent of any flag: the report tested exactly this image,
 * has one passed result for every scenario of its library manifest and nothing else.
 * (Signatures are checked separately by the caller, against the evidence role.)
 */
export function checkEvidenceContent(report: unknown, firmwareSha256: string, expected?: LibraryManifest): RegressionReport {
  const r = report as Partial<RegressionReport>;
  if (!r || typeof r !== 'object' || r._type !== 'hpa-evidence') throw new OtaRefusal('untested', 'the test evidence is not an hpa-evidence report');
  if (r.firmwareSha256 !== firmwareSha256) throw new OtaRefusal('untested', `the test evidence ran on ${String(r.firmwareSha256).slice(0, 16)}…, not on this image ${firmwareSha256.slice(0, 16)}…`);
  if (!Array.isArray(r.results) || r.results.length === 0) throw new OtaRefusal('untested', 'the test evidence lists no results');
  const failed = r.results.filter((x) => !x || x.passed !== true);
  if (failed.length > 0) throw new OtaRefusal('untested', `the test evidence lists ${failed.length} of ${r.results.length} scenarios as not passed (${failed.slice(0, 3).map((x) => x?.scenario).join(', ')})`);
  const manifest = r.library;
  if (!manifest || !Array.isArray(manifest.scenarios) || manifest.scenarios.length === 0) throw new OtaRefusal('untested', 'the test evidence names no library manifest');
  const listed = new Set(r.results.map((x) => scenarioId(x.file, x.scenario)));
  const missing = manifest.scenarios.filter((s) => !listed.has(s));
  if (missing.length > 0) throw new OtaRefusal('untested', `the test evidence has no result for ${missing.length} library scenario(s): ${missing.slice(0, 3).join(', ')}`);
  if (listed.size !== r.results.length || listed.size !== manifest.scenarios.length) throw new OtaRefusal('untested', `the test evidence lists ${r.results.length} results for a library of ${manifest.scenarios.length} scenarios`);
  if (r.scenarios !== r.results.length) throw new OtaRefusal('untested', `the test evidence counts ${String(r.scenarios)} scenarios but lists ${r.results.length}`);
  if (expected) {
    const absent = expected.scenarios.filter((s) => !listed.has(s));
    if (absent.length > 0) throw new OtaRefusal('untested', `the test evidence does not cover ${absent.length} scenario(s) of the shipped library: ${absent.slice(0, 3).join(', ')}`);
  }
  return r as RegressionReport;
}
