// The recall campaign across the fleet: verify the release once, then roll it out wave by wave.
// Connection, download, power loss and retry timing are simulated per vehicle from a seed; every
// trial is real — the recall firmware swapped into the running one on a short randomised drive,
// as keyed jobs on a job engine (worker threads, or BullMQ over Redis) — and a rollback there is a
// failed attempt like any other.
import { readPackageFile } from '../release/source.js';
import { OtaError, OtaRefusal } from '../errors.js';
import { loadTrustedRoot } from '../release/trusted-root.js';
import { rng } from '../swap/drive.js';
import type { VerifiedRelease } from '../release/verify.js';
import { verifyForDevice } from '../device/policy.js';
import { buildFleet, MODELS, RECALLS, recallOfModel } from './population.js';
import { TrialPool } from './pool.js';
import { runTrialShard } from './trial-job.js';
import { withEngine } from '../../jobs/engine.js';
import { jobFirmware, jobFirmwareOf } from '../../jobs/job-firmware.js';
import { buildReport, type CampaignReport, type WaveReport } from './report.js';
import { OUTCOME_NAMES, TRIAL_OK } from './rig.js';
import type { CampaignPlan } from './plan.js';
import { isCovered, Status, type CampaignOptions, type FleetState } from './types.js';
import { assignedVehicles, fleetAssignments, loadDirector } from './director.js';
import type { Assignment } from '../release/director.js';
import type { TrustedRoot } from '../release/root.js';
import { isBoundedCounter } from '../device/secure-store.js';
import { UserError } from '../../app/user-error.js';
import { FleetDevices } from './fleet-devices.js';
import { ACCEPTED, CURRENT, REFUSED, verifyVehicles } from './vehicle-verify.js';
import type { Fleet } from './population.js';

export { Status, type CampaignOptions, type FleetState } from './types.js';

/**
 * The packages themselves, before any vehicle: signatures, hashes, expiry, filing, which models
 * each serves (checked as a factory-fresh vehicle of each model; rollback and replay are each
 * vehicle's own question, vehicle-verify.ts).
 */
export function verifyAll(o: CampaignOptions, startedAt: Date): { releases: VerifiedRelease[]; modelRelease: (VerifiedRelease | null)[]; modelPackage: (Uint8Array | null)[]; root: TrustedRoot } {
  const root = loadTrustedRoot(o.trustPath);
  const releases: VerifiedRelease[] = [];
  const modelRelease: (VerifiedRelease | null)[] = MODELS.map(() => null);
  const modelPackage: (Uint8Array | null)[] = MODELS.map(() => null);
  for (const path of o.packages) {
    const file = readPackageFile(path);
    let any: VerifiedRelease | null = null;
    for (const [m, model] of MODELS.entries()) {
      try {
        // The same verifier as every vehicle-side path (device/policy.ts).
        const r = verifyForDevice(file, { root, now: startedAt, hardwareId: model, installed: null });
        const filing = recallOfModel(model)!.id;
        if (r.meta.filingId !== filing) throw new OtaRefusal('wrong-filing', `${path} releases ${model} under ${r.meta.filingId ?? 'no filing'}, but ${model} is recalled under ${filing}: each recall number needs its own filed release`);
        if (!modelRelease[m]) { modelRelease[m] = r; modelPackage[m] = file; }
        any = r;
      } catch (e) {
        if (!(e instanceof OtaRefusal) || e.attack !== 'wrong-hardware') throw e;
      }
    }
    if (!any) throw new OtaRefusal('wrong-hardware', `${path} lists none of the recall's models (${MODELS.join(', ')})`);
    releases.push(any);
  }
  if (new Set(releases.map((r) => r.meta.sha256)).size > 1) throw new OtaError('mixed-images', 'all packages of one campaign must carry the same firmware image');
  return { releases, modelRelease, modelPackage, root };
}

/** The assignment list for this campaign's fleet (unsigned: the director signs it with `hpa ota assign`). */
export function campaignAssignments(o: CampaignOptions): Assignment[] {
  const { modelRelease } = verifyAll(o, o.now ?? new Date());
  return fleetAssignments(buildFleet(o.seed, o.scale), modelRelease);
}

export async function runCampaign(o: CampaignOptions): Promise<CampaignReport> {
  const wallStart = performance.now();
  const startedAt = o.now ?? new Date();
  const { releases, modelRelease, modelPackage, root } = verifyAll(o, startedAt);
  const fleet = buildFleet(o.seed, o.scale);
  const id = { seed: o.seed, scale: o.scale, size: fleet.size };
  const factory = { version: o.fromVersion, releaseCounter: factoryCounter(o.fromCounter) };
  const devices = o.fleetDir ? FleetDevices.open(o.fleetDir, id, factory) : FleetDevices.fresh(id, factory);
  try {
    return await campaignOn(o, { fleet, devices, releases, modelRelease, modelPackage, root, startedAt, wallStart });
  } finally {
    devices.close();
  }
}

async function campaignOn(o: CampaignOptions, c: { fleet: Fleet; devices: FleetDevices; releases: VerifiedRelease[]; modelRelease: (VerifiedRelease | null)[]; modelPackage: (Uint8Array | null)[]; root: TrustedRoot; startedAt: Date; wallStart: number }): Promise<CampaignReport> {
  const { fleet, devices, releases, modelRelease, root, startedAt } = c;
  const st: FleetState = {
    fleet, status: new Uint8Array(fleet.size), attempts: new Uint8Array(fleet.size), doneAtH: new Float64Array(fleet.size).fill(Infinity), told: new Uint8Array(fleet.size), accepted: new Uint8Array(fleet.size),
    counters: { downloadFailures: 0, downloadTimeouts: 0, powerLosses: 0, trials: 0, trialRollbacks: 0, retries: 0, injectedStalls: 0 },
    trialFailures: {},
  };
  for (let v = 0; v < fleet.size; v++) if (!modelRelease[fleet.model[v]]) st.status[v] = Status.NotCovered;
  // The director decides who installs: a vehicle it does not assign this image to is not updated (the vehicle would refuse it).
  let director: { version: number; assigned: number; refused: Record<string, number> } | null = null;
  if (o.directorPath) {
    const d = loadDirector(o.directorPath, root, startedAt);
    const { assigned, refused } = assignedVehicles(fleet, d, modelRelease);
    for (let v = 0; v < fleet.size; v++) if (!assigned[v] && st.status[v] === Status.Pending) st.status[v] = Status.NotCovered;
    director = { version: d.version, assigned: assigned.reduce((a, b) => a + b, 0), refused };
  }
  // Each vehicle checks the package against its own counter and freshness floors, as install does.
  const verdicts = verifyVehicles({ fleet, devices, modelPackage: c.modelPackage, root, now: startedAt, asked: (v) => st.status[v] === Status.Pending });
  let accepting = 0;
  for (let v = 0; v < fleet.size; v++) {
    if (verdicts.verdict[v] === REFUSED) st.status[v] = Status.Refused;
    else if (verdicts.verdict[v] === CURRENT) st.status[v] = Status.Current;
    else if (verdicts.verdict[v] === ACCEPTED) accepting++;
  }
  if (accepting === 0 && verdicts.refusal) throw verdicts.refusal; // no vehicle takes it: refused before any is touched

  const r0 = releases[0];
  const init = { current: jobFirmware(o.fromVersion), recall: jobFirmwareOf(o.packages[0], { bytes: r0.image, info: { sha256: r0.meta.sha256 } }), rig: o.rig, seed: o.seed };
  try {
    runTrialShard({ ...init, trials: [] }); // builds the rig here once (burn-in) before any job is queued
  } catch (e) {
    throw new OtaError('rig', `the campaign's trial rig could not start: ${(e as Error).message}`);
  }
  return withEngine(o.engine, { redis: o.redis, threads: o.threads }, async (engine) => {
    const { waves, abortReason } = await runWaves(o, st, new TrialPool(engine, init));
    keepOutcomes(st, devices, modelRelease, root);
    const vehicles = { fleetDir: devices.persistent, current: count(st, Status.Current), refused: verdicts.refused, refusal: verdicts.refusal && { attack: verdicts.refusal.attack, exitCode: verdicts.refusal.exitCode, message: verdicts.refusal.message } };
    return buildReport({ o, st, releases, waves, abortReason, director, devices: vehicles, wallTimeS: (performance.now() - c.wallStart) / 1000, startedAt, engine: engine.name, recalls: RECALLS });
  });
}

const count = (st: FleetState, status: number) => st.status.reduce((n, s) => n + (s === status ? 1 : 0), 0);

function factoryCounter(n: number | string | undefined): number {
  if (n === undefined) return 0;
  const value = typeof n === 'string' && n.trim() !== '' ? Number(n) : n;
  if (!isBoundedCounter(value)) throw new UserError('--from-counter', `"${n}" is not an integer in 0 … 2^31-1`);
  return value;
}

/**
 * What the campaign did to each vehicle's protected state: a vehicle that downloaded and verified
 * the package raised its freshness floors (a cancelled one never got that far before the abort);
 * one whose trial confirmed runs the release, its counter raised. Sealed with `--fleet`.
 */
function keepOutcomes(st: FleetState, devices: FleetDevices, modelRelease: (VerifiedRelease | null)[], root: TrustedRoot): void {
  for (let v = 0; v < st.fleet.size; v++) {
    const release = modelRelease[st.fleet.model[v]];
    if (!release || !st.accepted[v] || st.status[v] === Status.Cancelled) continue;
    devices.accept(v, release, root);
    if (st.status[v] === Status.Updated) devices.confirm(v, release);
  }
  devices.save();
}

/** Unsold cars first (at the plant or the dealer, on a wired connection), then the plan's waves until one aborts. */
async function runWaves(o: CampaignOptions, st: FleetState, pool: TrialPool): Promise<{ waves: WaveReport[]; abortReason: string | null }> {
  const fleet = st.fleet;
  const waves: WaveReport[] = [];
  let abortReason: string | null = null;
  let from = 0, startH = 0;
  const stock = Uint32Array.from(fleet.order.filter((v) => fleet.inStock[v] === 1 && st.status[v] === Status.Pending));
  if (stock.length > 0) {
    const atDealer: CampaignOptions = { ...o, plan: { ...o.plan, connect: { meanH: 4, rareShare: 0, rareMeanH: 4 }, faults: { ...o.plan.faults, downloadFailure: 0 } } };
    const report = await runWave(atDealer, st, pool, 'in stock (before delivery)', stock, 0);
    waves.push(report);
    if (report.abort) abortReason = `in stock: ${report.abort}`;
  }
  for (const wave of abortReason ? [] : o.plan.waves) {
    const to = Math.round(wave.cumulativeFraction * fleet.size);
    const members = fleet.order.subarray(from, to);
    from = to;
    const report = await runWave(o, st, pool, wave.name, members, startH);
    waves.push(report);
    if (report.abort) { abortReason = `${wave.name}: ${report.abort}`; break; }
    startH = report.gateAtH!;
  }
  return { waves, abortReason };
}

async function runWave(o: CampaignOptions, st: FleetState, pool: TrialPool, name: string, members: Uint32Array, startH: number): Promise<WaveReport> {
  const p = o.plan, c = st.counters;
  const before = { ...c };
  const timeH = new Float64Array(members.length);
  const randoms = Array.from(members, (v) => rng((o.seed * 2654435761) ^ (v * 40503 + 1)));
  const connectH = (r: () => number) => -Math.log(1 - r()) * (r() < p.connect.rareShare ? p.connect.rareMeanH : p.connect.meanH);
  let pending: number[] = [];
  const rollbackAtH: number[] = [], failedAtH: number[] = [];
  members.forEach((v, i) => { if (st.status[v] === Status.Pending) { timeH[i] = startH + connectH(randoms[i]); pending.push(i); } });

  for (let round = 0; pending.length > 0; round++) {
    // Walk each vehicle through download and install until it reaches a trial, or gives up.
    const jobs: number[] = [], jobOf: number[] = [];
    for (const i of pending) {
      const v = members[i], r = randoms[i];
      while (true) {
        if (timeH[i] > p.campaignWindowH) break; // still trying when the campaign window closes: not completed
        if (st.attempts[v] >= p.maxAttempts) { st.status[v] = Status.Failed; failedAtH.push(timeH[i]); break; }
        if (st.attempts[v]++ > 0) c.retries++;
        if (r() < p.faults.downloadFailure) { c.downloadFailures++; timeH[i] += p.retryBackoffH; continue; }
        const downloadH = 0.1 * Math.exp(2.2 * r()); // 0.1 … 0.9 h, a slow link up to ~5 h below
        const slow = r() < 0.01 ? 5 : 1;
        if (downloadH * slow > p.downloadTimeoutH) { c.downloadTimeouts++; timeH[i] += p.downloadTimeoutH + p.retryBackoffH; continue; }
        timeH[i] += downloadH * slow;
        st.accepted[v] = 1; // downloaded and verified: its floors rise to this package's (keepOutcomes)
        // A/B: a power loss mid-install leaves the old slot running; the install resumes at the next start.
        if (r() < p.faults.powerLoss) { c.powerLosses++; timeH[i] += connectH(r); continue; }
        const stall = r() < p.faults.trialStall;
        if (stall) c.injectedStalls++;
        jobs.push(v, Math.floor(r() * 2 ** 31), stall ? Math.ceil(o.rig.deadlineMs + 1) : 0);
        st.told[v] = 1; // installed: the driver (or the dealer) is told what changes before it activates
        jobOf.push(i);
        break;
      }
    }
    const outcomes = await pool.run(Int32Array.from(jobs), (done) => o.onProgress?.(done, jobOf.length, `${name} round ${round + 1}`));
    c.trials += jobOf.length;
    pending = [];
    jobOf.forEach((i, k) => {
      const v = members[i];
      if (outcomes[k] === TRIAL_OK) { st.status[v] = Status.Updated; st.doneAtH[v] = timeH[i] + 0.1; return; }
      c.trialRollbacks++;
      const cause = OUTCOME_NAMES[outcomes[k]];
      st.trialFailures[cause] = (st.trialFailures[cause] ?? 0) + 1;
      rollbackAtH.push(timeH[i]);
      timeH[i] += 24; // rolled back; tried again on the next day's drive
      pending.push(i);
    });
  }
  return gateWave(p, st, name, members, startH, rollbackAtH, failedAtH, before);
}

function gateWave(p: CampaignPlan, st: FleetState, name: string, members: Uint32Array, startH: number, rollbackAtH: number[], failedAtH: number[], before: FleetState['counters']): WaveReport {
  const done = Array.from(members).filter((v) => st.status[v] === Status.Updated).map((v) => st.doneAtH[v]).sort((a, b) => a - b);
  const covered = Array.from(members).filter((v) => isCovered(st.status[v])).length;
  const need = Math.ceil(p.successThreshold * covered);
  const reached = need === 0 ? startH : done[need - 1];
  const deadline = startH + p.waveTimeoutH;
  const gateAtH = reached !== undefined && reached <= deadline ? reached : deadline;
  const failed = failedAtH.filter((t) => t <= gateAtH).length;
  const trialsByGate = rollbackAtH.filter((t) => t <= gateAtH).length;
  let abort: string | null = null;
  if (covered > 0 && failed / covered > p.errorThreshold) abort = `error threshold: ${failed} of ${covered} failed (> ${(p.errorThreshold * 100).toFixed(1)} %)`;
  else if (covered > 0 && trialsByGate / covered > p.trialFailureThreshold) abort = `trial rollbacks: ${trialsByGate} of ${covered} (> ${(p.trialFailureThreshold * 100).toFixed(1)} %)`;
  else if (reached === undefined || reached > deadline) abort = `success threshold ${(p.successThreshold * 100).toFixed(0)} % not reached within ${p.waveTimeoutH / 24} days`;
  if (abort) for (const v of members) if (st.status[v] === Status.Updated && st.doneAtH[v] > gateAtH) { st.status[v] = Status.Cancelled; st.doneAtH[v] = Infinity; }
  const c = st.counters;
  return {
    name, vehicles: members.length, covered, startH, gateAtH, abort,
    updated: Array.from(members).filter((v) => st.status[v] === Status.Updated).length,
    failed: Array.from(members).filter((v) => st.status[v] === Status.Failed).length,
    downloadFailures: c.downloadFailures - before.downloadFailures, downloadTimeouts: c.downloadTimeouts - before.downloadTimeouts,
    powerLosses: c.powerLosses - before.powerLosses, trials: c.trials - before.trials, trialRollbacks: c.trialRollbacks - before.trialRollbacks,
    retries: c.retries - before.retries,
  };
}
