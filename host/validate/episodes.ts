// Runs a batch of generated episodes on one firmware instance (reset between episodes) and
// counts what went wrong. A batch is the unit of work a job carries: (firmware, seed, first
// index, count) ⇒ the same counts in every runtime, so totals never depend on who ran it.
import { Ecu } from '../ecu/ecu.js';
import type { FirmwareImage } from '../ecu/firmware.js';
import { EcuController } from '../runner/controller.js';
import type { LoadedCalibration } from '../sim/calibration-file.js';
import { runScenario, type RunResult } from '../sim/run.js';
import { measureSight, stopMarginFromReport, stoppable } from './avoidability.js';
import { generateEpisode, HAZARDS, type Conditions, type DriverProfile, type EpisodeSpec, type Hazard } from './traffic.js';

/** `calibration`: a calibration file's values applied after every reset (absent: the release's defaults). */
export interface BatchSpec { firmware: string; firmwareSha256: string; seed: number; first: number; count: number; profile: DriverProfile; conditions?: Conditions; calibration?: LoadedCalibration }

export interface FailedEpisode {
  index: number; hazard: Hazard;
  /** An ideal car (9 m/s² after 0.3 s) could have stopped once the object was in view. */
  avoidable: boolean;
  /** This car could have stopped had its ECU braked fully from the first frame that reported the
   * object: the firmware had what it needed (avoidability.ts, stopMarginFromReport). */
  ecuAvoidable: boolean;
  /** The gap [m] this car would have kept braking so (0: contact; null: not judged on the replay, or never reported). */
  ecuMarginM: number | null;
  what: string; impactSpeedKph: number | null;
}

/** An episode in which the pilot braked for nothing (sim/phantom-brakes.ts). */
export interface PhantomEpisode { index: number; hazard: Hazard; phantomBrakes: number; firstAtS: number; peakDecelMps2: number }

/** Counts over a set of episodes; merging two is adding them (order-free). */
export interface EpisodeTotals {
  episodes: number;
  km: number;
  collisions: number;
  avoidableCollisions: number;
  /** Of the collisions, those the ECU was told of in time to stop (the firmware's share). */
  ecuAvoidableCollisions: number;
  collisionsByCause: Record<Hazard, number>;
  phantomBrakes: number;
  /** Of them, those reaching UN R152's emergency level (≥ 5 m/s²): a full brake for nothing. */
  phantomEmergencyBrakes: number;
  fcw: number;
  aeb: number;
  takeoverRequests: number;
  mrm: number;
  isoLimitViolations: number;
  /** Every avoidable collision (up to MAX_AVOIDABLE) and the first MAX_UNAVOIDABLE others, by index.
   * Avoidable ones are the release goal's failures, so none of them may be crowded out by the
   * many unavoidable collisions that come before it in a long run. */
  failed: FailedEpisode[];
  /** The first MAX_PHANTOM_EPISODES episodes with a phantom brake, by index. */
  phantomEpisodes: PhantomEpisode[];
}

export const MAX_AVOIDABLE = 1000;
/** UN R152's emergency braking demand (domain.md §3): a phantom brake this hard is an emergency brake. */
export const EMERGENCY_BRAKE_MPS2 = 5;
export const MAX_UNAVOIDABLE = 50;
export const MAX_PHANTOM_EPISODES = 50;

/** Keeps the lowest-index failures of each kind; a pure function of the set, so merging is order-free. */
const mustKeep = (f: FailedEpisode) => f.avoidable || f.ecuAvoidable;

function keepFailed(all: FailedEpisode[]): FailedEpisode[] {
  const byIndex = [...all].sort((a, b) => a.index - b.index);
  const avoidable = byIndex.filter(mustKeep).slice(0, MAX_AVOIDABLE);
  const others = byIndex.filter((f) => !mustKeep(f)).slice(0, MAX_UNAVOIDABLE);
  return [...avoidable, ...others].sort((a, b) => a.index - b.index);
}

export function emptyTotals(): EpisodeTotals {
  return {
    episodes: 0, km: 0, collisions: 0, avoidableCollisions: 0, ecuAvoidableCollisions: 0,
    collisionsByCause: Object.fromEntries(HAZARDS.map((h) => [h, 0])) as Record<Hazard, number>,
    phantomBrakes: 0, phantomEmergencyBrakes: 0, fcw: 0, aeb: 0, takeoverRequests: 0, mrm: 0, isoLimitViolations: 0, failed: [], phantomEpisodes: [],
  };
}

export function mergeTotals(into: EpisodeTotals, add: EpisodeTotals): EpisodeTotals {
  into.episodes += add.episodes;
  into.km = +(into.km + add.km).toFixed(6);
  into.collisions += add.collisions;
  into.avoidableCollisions += add.avoidableCollisions;
  into.ecuAvoidableCollisions += add.ecuAvoidableCollisions;
  for (const h of HAZARDS) into.collisionsByCause[h] += add.collisionsByCause[h] ?? 0;
  into.phantomBrakes += add.phantomBrakes;
  into.phantomEmergencyBrakes += add.phantomEmergencyBrakes ?? 0;
  into.fcw += add.fcw;
  into.aeb += add.aeb;
  into.takeoverRequests += add.takeoverRequests;
  into.mrm += add.mrm;
  into.isoLimitViolations += add.isoLimitViolations;
  into.failed = keepFailed([...into.failed, ...add.failed]);
  into.phantomEpisodes = [...into.phantomEpisodes, ...(add.phantomEpisodes ?? [])].sort((a, b) => a.index - b.index).slice(0, MAX_PHANTOM_EPISODES);
  return into;
}

const count = (r: RunResult, type: string) => r.events.reduce((n, e) => n + (e.type === type ? 1 : 0), 0);

export class EpisodeRunner {
  private readonly ecu: Ecu;
  private readonly controller: EcuController;

  constructor(firmware: string | FirmwareImage) {
    this.ecu = typeof firmware === 'string' ? Ecu.load(firmware) : new Ecu(new WebAssembly.Module(firmware.bytes), firmware.info);
    this.controller = new EcuController(this.ecu);
  }

  get firmwareSha256(): string { return this.ecu.info.sha256; }

  /** Power-on reset, then the calibration under validation (reset restores the release's defaults). */
  private resetEcu(calibration: LoadedCalibration | undefined): void {
    this.ecu.reset();
    if (calibration) this.ecu.setCalibration(calibration.values);
  }

  /** A collision with the hazard itself (a fixed obstacle, the car cutting in) is judged on the
   * replayed run: the gap and closing speed when it came into view. Contact with ordinary traffic
   * (a lead braking, a lead in a cut-out) keeps the generator's judgement. */
  private judgeAvoidable(ep: EpisodeSpec, collidedWith: string, calibration: LoadedCalibration | undefined): { avoidable: boolean; ecuAvoidable: boolean; ecuMarginM: number | null } {
    const object = ep.scenario.objects?.find((o) => o.id === collidedWith);
    const judged = object !== undefined && (object.id === 'cut-in' || (object.speedKph ?? 0) === 0);
    if (!judged) return { avoidable: ep.avoidable, ecuAvoidable: ep.avoidable, ecuMarginM: null };
    this.resetEcu(calibration);
    const { reveal, reported } = measureSight(ep.scenario, this.controller, collidedWith);
    const marginM = reported === null ? null : +stopMarginFromReport(reported).toFixed(2);
    return { avoidable: reveal !== null && stoppable(reveal.closingMps, reveal.gapM), ecuAvoidable: marginM !== null && marginM > 0, ecuMarginM: marginM };
  }

  runBatch(spec: Omit<BatchSpec, 'firmware' | 'firmwareSha256'>): EpisodeTotals {
    const totals = emptyTotals();
    for (let i = spec.first; i < spec.first + spec.count; i++) {
      const ep = generateEpisode(spec.seed, i, spec.profile, spec.conditions ?? 'mixed');
      this.resetEcu(spec.calibration);
      const r = runScenario(ep.scenario, { controller: this.controller });
      totals.episodes += 1;
      totals.km += ep.lengthKm;
      totals.fcw += count(r, 'fcw');
      totals.aeb += count(r, 'aeb');
      totals.takeoverRequests += count(r, 'takeoverRequest');
      totals.mrm += count(r, 'mrm');
      totals.phantomBrakes += r.phantomBrakes.length;
      for (const p of r.phantomBrakes) if (p.peakDecelMps2 >= EMERGENCY_BRAKE_MPS2) totals.phantomEmergencyBrakes += 1;
      if (r.phantomBrakes.length > 0 && totals.phantomEpisodes.length < MAX_PHANTOM_EPISODES) {
        const first = r.phantomBrakes[0];
        const peakDecelMps2 = Math.max(...r.phantomBrakes.map((p) => p.peakDecelMps2));
        totals.phantomEpisodes.push({ index: i, hazard: ep.hazard, phantomBrakes: r.phantomBrakes.length, firstAtS: first.tS, peakDecelMps2 });
      }
      if (r.accLimitViolationCount > 0) totals.isoLimitViolations += 1;
      if (r.collision) {
        totals.collisions += 1;
        totals.collisionsByCause[ep.hazard] += 1;
        const { avoidable, ecuAvoidable, ecuMarginM } = this.judgeAvoidable(ep, r.collidedWith!, spec.calibration);
        if (avoidable) totals.avoidableCollisions += 1;
        if (ecuAvoidable) totals.ecuAvoidableCollisions += 1;
        const failed: FailedEpisode = { index: i, hazard: ep.hazard, avoidable, ecuAvoidable, ecuMarginM, what: `collision with ${r.collidedWith}`, impactSpeedKph: r.impactSpeedKph };
        const kept = totals.failed.filter((f) => mustKeep(f) === mustKeep(failed)).length;
        if (kept < (mustKeep(failed) ? MAX_AVOIDABLE : MAX_UNAVOIDABLE)) totals.failed.push(failed);
      }
    }
    return totals;
  }
}
