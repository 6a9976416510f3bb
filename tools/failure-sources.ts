// Where the failures a validation report lists come from, read from the perception's ground truth
// (docs/validation.md, "10⁶ km of the shipped 1.1.0"). It regenerates each listed episode from the
// report's seed, driver profile and conditions and replays it on the report's firmware:
//   - every phantom brake of the listed phantom-brake episodes: the false return the radar saw when
//     the brake began (kind, distance), where the firmware was first told of a stationary object there;
//   - every avoidable debris collision: whether a false return held the one reported object while the
//     cone was within 120 m, and where the cone was first reported (unclassified, then named).
// A report measured with `-c file` is replayed with that file (found by the path the report names,
// checked against its SHA-256), so the replay runs what validation ran.
//   npx tsx tools/failure-sources.ts report.json [--firmware 1.1.0]      (report: hpa validate --json)
import { parseArgs } from 'node:util';
import type { CalibrationValues } from '../abi/calibration.js';
import { OBJECT_KINDS } from '../abi/signals.js';
import { IN } from '../host/ecu/abi-views.js';
import { resolveFirmware } from '../host/ecu/firmware.js';
import { readCalibrationFile } from '../host/sim/calibration-file.js';
import { runScenario } from '../host/sim/run.js';
import type { Simulation } from '../host/sim/simulation.js';
import { readInputFile } from '../host/util/read-input-file.js';
import { generateEpisode, type Conditions, type DriverProfile } from '../host/validate/traffic.js';

const NEAR_M = 120;
const KIND_NONE = OBJECT_KINDS.indexOf('none');
const PROFILES: readonly string[] = ['attentive', 'mixed'];
const CONDITIONS: readonly string[] = ['mixed', 'clear'];

interface Listed { index: number; hazard: string; avoidable?: boolean }
interface Report {
  seed: number; profile: DriverProfile; conditions: Conditions; calibration: { file: string; sha256: string } | null;
  firmware: { version: string; sha256: string; totals: { failed: Listed[]; phantomEpisodes: Listed[] } }[];
}

function fail(message: string): never {
  console.error(`failure-sources: ${message}`);
  process.exit(2);
}

function readReport(path: string): Report {
  let r: Report;
  // A regular file of bounded size only: /dev/zero or a FIFO would read or wait for ever.
  try { r = JSON.parse(readInputFile(path).toString('utf8')) as Report; } catch (e) { fail(`${path}: ${(e as Error).message}`); }
  if (!Number.isInteger(r?.seed) || !Array.isArray(r.firmware) || r.firmware.some((f) => !Array.isArray(f?.totals?.failed))) {
    fail(`${path}: not an \`hpa validate --json\` report (seed, firmware[].totals.failed)`);
  }
  // A missing or unknown profile would regenerate other traffic than the report drove, silently.
  if (!PROFILES.includes(r.profile) || !CONDITIONS.includes(r.conditions)) fail(`${path}: profile "${r.profile}" / conditions "${r.conditions}": not ${PROFILES.join(' or ')} / ${CONDITIONS.join(' or ')}`);
  return r;
}

/** The calibration the report ran with (undefined: the release's defaults), or a one-line refusal. */
function reportCalibration(report: Report, path: string): CalibrationValues | undefined {
  if (!report.calibration) return undefined;
  const { file, sha256 } = report.calibration;
  let loaded;
  try { loaded = readCalibrationFile(file); } catch (e) { fail(`${path}: ran with calibration ${file}: ${(e as Error).message}`); }
  if (loaded.sha256 !== sha256) fail(`${path}: ran with calibration ${file} sha256 ${sha256.slice(0, 12)}…, but that file is now ${loaded.sha256.slice(0, 12)}…`);
  return loaded.values;
}

/** Replays episode `index` as validation ran it, calling `watch` every cycle; returns the run's result. */
function replay(report: Report, firmware: string, calibration: CalibrationValues | undefined, index: number, watch: (sim: Simulation) => void) {
  const { scenario } = generateEpisode(report.seed, index, report.profile, report.conditions);
  return runScenario(scenario, { firmware, calibration, onCycle: watch });
}

function phantomSources(report: Report, firmware: string, calibration: CalibrationValues | undefined, episodes: Listed[]): void {
  const tally = new Map<string, number>();
  for (const ep of episodes) {
    const starts: { tS: number; ghost: string; firstToldM: number; peak: number }[] = [];
    let toldSinceM = NaN; // where the stationary object now reported was first reported
    const seen: { tS: number; ghost: string; firstToldM: number }[] = [];
    const result = replay(report, firmware, calibration, ep.index, (sim) => {
      const f = sim.frame;
      const stationary = f[IN.leadValid] > 0 && Math.abs(f[IN.leadRelSpeedMps] + sim.ego.speedMps) < 1;
      if (!stationary) toldSinceM = NaN; else if (Number.isNaN(toldSinceM)) toldSinceM = f[IN.leadDistM];
      const g = sim.sensor.nearestFalseReturn(sim.ego.xM);
      seen.push({ tS: sim.tS, ghost: g ? `${g.kind} at ${g.distanceM.toFixed(0)} m` : 'none (resolved)', firstToldM: toldSinceM });
    });
    for (const p of result.phantomBrakes) {
      const at = seen.find((s) => s.tS >= p.tS - 1e-9) ?? seen[seen.length - 1];
      starts.push({ tS: p.tS, ghost: at.ghost, firstToldM: at.firstToldM, peak: p.peakDecelMps2 });
    }
    for (const s of starts) {
      const level = s.peak >= 5 ? '≥ 5 m/s²' : '< 5 m/s²';
      const kind = s.ghost.split(' ')[0];
      tally.set(`${level} ${kind}`, (tally.get(`${level} ${kind}`) ?? 0) + 1);
      console.log(`phantom: episode ${ep.index} at ${s.tS} s, peak ${s.peak} m/s²: false return ${s.ghost}; the stationary object first reported ${Number.isNaN(s.firstToldM) ? '–' : `${s.firstToldM.toFixed(0)} m`} ahead`);
    }
  }
  for (const [k, n] of [...tally].sort()) console.log(`phantom brakes ${k}: ${n}`);
}

function debrisSources(report: Report, firmware: string, calibration: CalibrationValues | undefined, episodes: Listed[]): void {
  let behindFalseReturn = 0, briefUnclassified = 0;
  for (const ep of episodes) {
    let falseReturnCycles = 0, unclassifiedAtM = NaN, namedAtM = NaN;
    replay(report, firmware, calibration, ep.index, (sim) => {
      const cone = sim.objects.findIndex((o) => o.id === 'debris');
      if (cone < 0) return;
      const gap = sim.objects[cone].gapM(sim.ego);
      const told = sim.sensor.reportedObjectIndex, f = sim.frame;
      if (told === cone && f[IN.leadKind] === KIND_NONE && Number.isNaN(unclassifiedAtM)) unclassifiedAtM = gap;
      if (told === cone && f[IN.leadKind] !== KIND_NONE && Number.isNaN(namedAtM)) namedAtM = gap;
      if (gap > 0 && gap < NEAR_M && f[IN.leadValid] > 0 && told < 0) falseReturnCycles += 1;
    });
    if (falseReturnCycles > 0) behindFalseReturn += 1;
    if (!Number.isNaN(unclassifiedAtM)) briefUnclassified += 1;
    console.log(`debris: episode ${ep.index}: a false return reported for ${falseReturnCycles} cycles while the cone was within ${NEAR_M} m; ` +
      `cone first reported unclassified ${Number.isNaN(unclassifiedAtM) ? 'never' : `at ${unclassifiedAtM.toFixed(0)} m`}, named ${Number.isNaN(namedAtM) ? 'never' : `at ${namedAtM.toFixed(0)} m`}`);
  }
  console.log(`avoidable debris collisions: ${episodes.length}; behind a false return: ${behindFalseReturn}; cone reported unclassified before: ${briefUnclassified}`);
}

const { values, positionals } = parseArgs({ allowPositionals: true, options: { firmware: { type: 'string' } } });
if (positionals.length !== 1) fail('usage: npx tsx tools/failure-sources.ts <hpa validate --json report> [--firmware <version>]');
const report = readReport(positionals[0]);
const entry = values.firmware ? report.firmware.find((f) => f.version === values.firmware) : report.firmware[report.firmware.length - 1];
if (!entry) fail(`${positionals[0]}: no firmware ${values.firmware} in the report (${report.firmware.map((f) => f.version).join(', ')})`);
// The replay is only the report's if it runs the very build the report measured.
let built: string;
try { built = resolveFirmware(entry.version).info.sha256; } catch (e) { fail((e as Error).message); }
if (built !== entry.sha256) fail(`${positionals[0]}: measured firmware ${entry.version} ${entry.sha256.slice(0, 8)}…, but the build here is ${built.slice(0, 8)}…`);
const calibration = reportCalibration(report, positionals[0]);
phantomSources(report, entry.version, calibration, entry.totals.phantomEpisodes ?? []);
debrisSources(report, entry.version, calibration, entry.totals.failed.filter((f) => f.avoidable && f.hazard === 'debris'));
