// `hpa validate`: drives generated highway traffic (traffic.ts) on one or more firmware versions,
// split into keyed batch jobs on a job engine (embedded threads or BullMQ on Redis), and turns the
// totals into rates per 10⁶ km with 95 % intervals. Failing episodes are written out as scenario
// files that `hpa run` replays exactly.
import { join } from 'node:path';
import { makeOutputDir, writeOutputFile } from '../app/output-file.js';
import { Ecu } from '../ecu/ecu.js';
import { resolveFirmware } from '../ecu/firmware.js';
import { assertCalibrationRules, type LoadedCalibration } from '../sim/calibration-file.js';
import type { ValidateBatchResult } from '../jobs/handlers.js';
import type { EngineProgress, JobEngine, JobSpec } from '../jobs/types.js';
import { emptyTotals, mergeTotals, type EpisodeTotals } from './episodes.js';
import { ratePerMillionKm, type Rate } from './stats.js';
import { CONDITIONS, EPISODE_KM, generateEpisode, type Conditions, type DriverProfile } from './traffic.js';

export interface ValidateOptions {
  km: number;
  seed: number;
  firmware: string[];
  profile?: DriverProfile;
  /** Weather and crests drawn per episode (`mixed`, the default) or clear sight throughout. */
  conditions?: Conditions;
  /** Episodes per job (one job ≈ batch × 2 km). */
  batchEpisodes?: number;
  /** Write each failing episode here as a scenario file: every avoidable collision (up to 1,000 per
   * firmware), the first 50 other collisions, and the first 50 episodes with a phantom brake. */
  outDir?: string;
  /** A calibration file applied to every firmware (its values over each release's defaults). */
  calibration?: LoadedCalibration;
  onProgress?: (p: EngineProgress) => void;
}

export interface FirmwareValidation {
  version: string;
  sha256: string;
  totals: EpisodeTotals;
  rates: Record<'collisions' | 'avoidableCollisions' | 'ecuAvoidableCollisions' | 'phantomBrakes' | 'phantomEmergencyBrakes' | 'fcw' | 'aeb' | 'takeoverRequests' | 'mrm' | 'isoLimitViolations', Rate>;
  collisionsByCause: Record<string, Rate>;
  failedEpisodeFiles: string[];
  /** Episodes with a phantom brake, written with `expect.maxPhantomBrakes: 0`. */
  phantomEpisodeFiles: string[];
}

export interface ValidateReport { km: number; seed: number; profile: DriverProfile; conditions: Conditions; calibration: { file: string; sha256: string } | null; episodes: number; engine: string; wallS: number; firmware: FirmwareValidation[] }

export class ValidateError extends Error {}

/** Episode `index` of seed `seed` as the text of a scenario file `hpa run` replays exactly. */
export function episodeScenarioFile(seed: number, index: number, profile: DriverProfile, conditions: Conditions, expect: object): { name: string; text: string } {
  const ep = generateEpisode(seed, index, profile, conditions);
  return { name: ep.scenario.name, text: `${JSON.stringify({ ...ep.scenario, expect }, null, 2)}\n` };
}

/** Jobs one run may plan: every job spec and its result are held in memory (and queued in Redis). */
export const MAX_JOBS = 200_000;

export function planJobs(opts: ValidateOptions, sha256: Record<string, string>): JobSpec[] {
  if (!(opts.km > 0) || !Number.isFinite(opts.km)) throw new ValidateError(`--km: "${opts.km}" is not a positive distance`);
  if (!Number.isInteger(opts.seed) || opts.seed < 0 || opts.seed > 0xffffffff) throw new ValidateError(`--seed: "${opts.seed}" is not an integer in 0 … 2^32 − 1`);
  const episodes = Math.max(1, Math.ceil(opts.km / EPISODE_KM));
  const batch = Math.max(1, opts.batchEpisodes ?? 100);
  const jobCount = Math.ceil(episodes / batch) * opts.firmware.length;
  if (jobCount > MAX_JOBS) {
    throw new ValidateError(`--km: ${opts.km} km is ${jobCount.toLocaleString('en')} jobs of ${batch} episodes; one run plans at most ${MAX_JOBS.toLocaleString('en')}: raise --batch or split the distance over seeds`);
  }
  const profile = opts.profile ?? 'attentive';
  const conditions = opts.conditions ?? 'mixed';
  if (!CONDITIONS.includes(conditions)) throw new ValidateError(`--conditions: "${conditions}" is not ${CONDITIONS.join(' or ')}`);
  const jobs: JobSpec[] = [];
  for (const firmware of opts.firmware) {
    for (let first = 0; first < episodes; first += batch) {
      const count = Math.min(batch, episodes - first);
      // The calibration is part of what a job computes, so of its key (default ids unchanged: stored results stay valid).
      const cal = opts.calibration ? `:cal=${opts.calibration.sha256.slice(0, 16)}` : '';
      jobs.push({ id: `validate:${sha256[firmware]}:${opts.seed}:${profile}:${conditions}:${first}+${count}${cal}`, kind: 'validate-batch', payload: { firmware, firmwareSha256: sha256[firmware], seed: opts.seed, first, count, profile, conditions, ...(opts.calibration ? { calibration: opts.calibration } : {}) } });
    }
  }
  return jobs;
}

export async function validate(opts: ValidateOptions, engine: JobEngine): Promise<ValidateReport> {
  const profile = opts.profile ?? 'attentive';
  const conditions = opts.conditions ?? 'mixed';
  const sha256: Record<string, string> = {};
  const version: Record<string, string> = {};
  for (const ref of opts.firmware) {
    const image = resolveFirmware(ref);
    sha256[ref] = image.info.sha256;
    version[ref] = image.info.version;
    // Refused here, in one line, not by every job: the file's values over this release's defaults must keep the cross-field rules.
    if (opts.calibration) assertCalibrationRules(opts.calibration.file, { ...Ecu.releaseDefaults(image.info.version), ...opts.calibration.values }, ` (with the other values at the defaults of ${image.info.version})`);
  }
  const jobs = planJobs(opts, sha256);
  const t0 = performance.now();
  const results = await engine.run<ValidateBatchResult>(jobs, opts.onProgress);
  const wallS = (performance.now() - t0) / 1000;
  const firmware = opts.firmware.map((ref): FirmwareValidation => {
    const totals = emptyTotals();
    for (const job of jobs) {
      if ((job.payload as { firmware: string }).firmware !== ref) continue;
      const r = results.get(job.id)!;
      if (r.firmwareSha256 !== sha256[ref]) throw new ValidateError(`a worker ran firmware ${r.firmwareSha256.slice(0, 12)}… for ${ref} (${sha256[ref].slice(0, 12)}… here): workers must have the same build`);
      mergeTotals(totals, r.totals);
    }
    const rate = (n: number) => ratePerMillionKm(n, totals.km);
    const writeEpisodes = (indices: number[], expect: object, suffix: string): string[] => {
      if (!opts.outDir || indices.length === 0) return [];
      const dir = join(opts.outDir, version[ref]);
      makeOutputDir('--out', dir);
      return indices.map((index) => {
        const { name, text } = episodeScenarioFile(opts.seed, index, profile, conditions, expect);
        const file = join(dir, `${name}${suffix}.json`);
        writeOutputFile('--out', file, text);
        return file;
      });
    };
    const files = writeEpisodes(totals.failed.map((f) => f.index), { collision: false }, '');
    const phantomFiles = writeEpisodes(totals.phantomEpisodes.map((f) => f.index), { maxPhantomBrakes: 0 }, '-phantom');
    return {
      version: version[ref], sha256: sha256[ref], totals,
      rates: {
        collisions: rate(totals.collisions), avoidableCollisions: rate(totals.avoidableCollisions), ecuAvoidableCollisions: rate(totals.ecuAvoidableCollisions), phantomBrakes: rate(totals.phantomBrakes), phantomEmergencyBrakes: rate(totals.phantomEmergencyBrakes),
        fcw: rate(totals.fcw), aeb: rate(totals.aeb), takeoverRequests: rate(totals.takeoverRequests), mrm: rate(totals.mrm), isoLimitViolations: rate(totals.isoLimitViolations),
      },
      collisionsByCause: Object.fromEntries(Object.entries(totals.collisionsByCause).map(([k, n]) => [k, rate(n)])),
      failedEpisodeFiles: files,
      phantomEpisodeFiles: phantomFiles,
    };
  });
  const episodes = Math.max(1, Math.ceil(opts.km / EPISODE_KM));
  const calibration = opts.calibration ? { file: opts.calibration.file, sha256: opts.calibration.sha256 } : null;
  return { km: episodes * EPISODE_KM, seed: opts.seed, profile, conditions, calibration, episodes, engine: engine.name, wallS: +wallS.toFixed(2), firmware };
}
