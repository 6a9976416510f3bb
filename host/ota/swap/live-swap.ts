// An update that arrives while the loop runs (`hpa run … --ota <package> --ota-at <tS>`, the
// demo): at tS the package is verified; the new version is compiled and burnt in a slice per
// cycle, shadows the running version on copies of the real inputs, and is swapped in at a cycle
// boundary with the state block copied; the trial window then watches it, with the previous
// version kept warm to serve any cycle the new one fails.
import { join } from 'node:path';
import { CYCLE_S } from '../../../abi/signals.js';
import { Ecu } from '../../ecu/ecu.js';
import { resolveFirmware, type FirmwareInfo } from '../../ecu/firmware.js';
import type { Controller } from '../../runner/controller.js';
import { Candidate } from './candidate.js';
import { SyntheticDrive } from './drive.js';
import { LAYOUT } from '../../ecu/abi-views.js';
import { OtaRefusal } from '../errors.js';
import { hasMigration } from './migrate.js';
import { loadTrustedRoot } from '../release/trusted-root.js';
import { DEFAULT_HARDWARE_ID, otaDir } from '../device/slots.js';
import { FirmwareSwitch, type SwapEvent } from './swapper.js';
import type { InstalledRelease, VerifyContext } from '../release/verify.js';
import { deviceView, liveFloor, mayActivate, verifyForDevice, type ActivationPolicy } from '../device/policy.js';
import { auditOnDevice } from '../device/session.js';
import { IN, OUT } from '../../ecu/abi-views.js';
import { compileFirmware } from './wasm.js';

export interface OtaControllerOptions {
  startFirmware: string;
  packagePath: string;
  atS: number;
  trustConfig?: string;
  log?: (line: string) => void;
  hardwareId?: string;
  /** Burn-in steps per cycle until BURN_IN_STEPS are reached (a real ECU would run them on another core). */
  burnInPerCycle?: number;
  shadowCycles?: number;
  trialCycles?: number;
  deadlineMs?: number;
  /** The device's anti-rollback floor (device/policy.ts); default: the running version, counter 0 (a factory-fresh ECU). */
  installed?: InstalledRelease;
  /** The device's metadata floors (device/freshness.ts): an older timestamp or snapshot is a replay. */
  seen?: VerifyContext['seen'];
  /** `parked` (default): the swap waits for the pilot off and a standstill; `live`: bench / HIL only. */
  activation?: ActivationPolicy;
  /** Called with a refusal, so the device (when there is one) audits it as `install` would. */
  onRefusal?: (attack: string, detail: string) => void;
}

type Phase = 'waiting' | 'instantiate' | 'burn-in' | 'shadow' | 'trial' | 'done';

export class OtaController implements Controller {
  readonly switch: FirmwareSwitch;
  phase: Phase = 'waiting';
  outcome: 'none' | 'refused' | 'rejected' | 'deferred' | 'confirmed' | 'rolled-back' = 'none';
  refusal: string | null = null;
  /** The refusal's one line (`refused (<attack>): <why>`), for the command to print as `hpa: …`. */
  refusalMessage: string | null = null;
  private candidate: Candidate | null = null;
  private verified: { module: WebAssembly.Module; info: FirmwareInfo } | null = null;
  private shadowLeft: number;
  private readonly arrivalCycle: number;
  private readonly log: (line: string) => void;

  constructor(private readonly opts: OtaControllerOptions) {
    const image = resolveFirmware(opts.startFirmware);
    const module = compileFirmware(image.bytes);
    this.log = opts.log ?? (() => {});
    this.switch = new FirmwareSwitch(new Ecu(module, image.info), new Ecu(module, image.info), {
      trialCycles: opts.trialCycles ?? 500, deadlineMs: opts.deadlineMs ?? 5, onEvent: (e) => this.onSwitchEvent(e),
    });
    this.arrivalCycle = Math.round(opts.atS / CYCLE_S);
    this.shadowLeft = opts.shadowCycles ?? 300;
    this.warming = true;
    this.switch.warmUp(new SyntheticDrive(99), new Float64Array(LAYOUT.outputs.slots));
    this.warming = false;
  }

  /** True while the start-up warm-up swaps run: their events are formatted (to warm that code too) but not logged. */
  private warming = false;

  get ecu(): Ecu { return this.switch.ecu; }
  private t(cycle: number): string { return `t=${(cycle * CYCLE_S).toFixed(2)} s`; }

  cycle(frame: Float64Array, outputs: Float64Array, cycleIndex: number): void {
    // The preparation is spread over cycles so no one cycle carries much of it: verify on
    // arrival, instantiate in the next cycle, then burn-in slices.
    if (this.phase === 'waiting' && cycleIndex >= this.arrivalCycle) this.arrive(cycleIndex);
    else if (this.phase === 'instantiate') {
      const { module, info } = this.verified!;
      this.candidate = new Candidate(module, info);
      this.verified = null;
      this.phase = 'burn-in';
    } else if (this.phase === 'burn-in' && this.candidate!.burnIn(this.opts.burnInPerCycle ?? 250)) {
      if (this.reject(cycleIndex)) return this.switch.cycle(frame, outputs, cycleIndex);
      this.phase = 'shadow';
      this.candidate!.startShadow(this.switch.ecu);
      this.log(`${this.t(cycleIndex)} OTA: ${this.candidate!.info.version} burnt in; shadowing ${this.switch.ecu.version} on the live inputs`);
    }
    if (this.phase === 'shadow' && this.shadowLeft <= 0) {
      if (this.reject(cycleIndex)) return this.switch.cycle(frame, outputs, cycleIndex);
      if (!mayActivate(this.opts.activation ?? 'parked', frame[IN.egoSpeedMps], outputs[OUT.assistActive] !== 0)) {
        // Still shadowing: the candidate keeps being checked while it waits for a safe state.
        if (this.outcome !== 'deferred') this.log(`${this.t(cycleIndex)} OTA: activation deferred until the car is parked with the pilot off (UN R156); still shadowing`);
        this.outcome = 'deferred';
        this.switch.cycle(frame, outputs, cycleIndex);
        this.candidate!.shadowStep(frame, outputs);
        return;
      }
      this.phase = 'trial';
      this.switch.swapTo(this.candidate!.shadow); // at this cycle boundary, before the step
    }
    this.switch.cycle(frame, outputs, cycleIndex);
    if (this.phase === 'shadow') {
      this.candidate!.shadowStep(frame, outputs);
      this.shadowLeft--;
    }
  }

  private arrive(cycle: number): void {
    this.phase = 'done';
    const running = this.switch.ecu;
    try {
      const root = loadTrustedRoot(this.opts.trustConfig ?? join(otaDir(), 'root.json'));
      const release = verifyForDevice(this.opts.packagePath, {
        root, now: new Date(), hardwareId: this.opts.hardwareId ?? DEFAULT_HARDWARE_ID, installed: this.opts.installed ?? liveFloor(null, running.version), seen: this.opts.seen,
      });
      const m = release.meta;
      this.log(`${this.t(cycle)} OTA: ${m.version} #${m.releaseCounter} (${m.category} ${m.filingId ?? '-'}) received and verified: signature, expiry, hash, length, version, hardware, ABI, test evidence (${release.report.scenarios} scenarios)`);
      const from = running.stateLayoutVersion, to = m.stateLayoutVersion;
      if (!hasMigration(from, to) || !hasMigration(to, from)) {
        this.outcome = 'rejected';
        this.log(`${this.t(cycle)} OTA: no state migration between layouts ${from} and ${to}; staying on ${running.version}`);
        return;
      }
      this.verified = { module: release.module, info: { version: m.version, build: 'external', file: this.opts.packagePath, sha256: m.sha256, bytes: m.length, features: [] } };
      this.phase = 'instantiate';
    } catch (e) {
      if (!(e instanceof OtaRefusal)) throw e;
      this.outcome = 'refused';
      this.refusal = e.attack;
      this.refusalMessage = e.message;
      this.opts.onRefusal?.(e.attack, e.message);
      this.log(`${this.t(cycle)} OTA: ${e.message}; staying on ${running.version}`);
    }
  }

  /** A candidate that failed burn-in or shadow is never swapped in. */
  private reject(cycle: number): boolean {
    const failure = this.candidate!.failure;
    if (!failure) return false;
    this.phase = 'done';
    this.outcome = 'rejected';
    this.log(`${this.t(cycle)} OTA: ${this.candidate!.info.version} rejected before the swap (${failure}); staying on ${this.switch.ecu.version}`);
    return true;
  }

  private onSwitchEvent(e: SwapEvent): void {
    if (e.type === 'swap') {
      const line = `${this.t(e.cycle)} OTA: swapped to ${e.version} ${e.detail} at a cycle boundary (state block copied); trial window open`;
      if (!this.warming) this.log(line);
    }
    if (this.warming) return;
    if (e.type === 'confirm' && this.phase === 'trial') { this.phase = 'done'; this.outcome = 'confirmed'; this.log(`${this.t(e.cycle)} OTA: ${e.version} confirmed after the trial window`); }
    if (e.type === 'rollback') { this.phase = 'done'; this.outcome = 'rolled-back'; this.log(`${this.t(e.cycle)} OTA: ${e.fault} ${e.detail?.endsWith('(after confirmation)') ? 'after the trial, still on watch' : 'in the trial'} (${e.detail}); rolled back to ${e.version} within the cycle`); }
    if (e.type === 'fault') this.log(`${this.t(e.cycle)} ECU fault: ${e.fault} in ${e.version} (${e.detail}); cycle served by the fallback`);
  }
}

/**
 * `hpa run --ota`: the controller with the device's rules — its hardware id, trust config and
 * anti-rollback floor when a device state exists in `dir` (default $HPA_OTA_DIR or .hpa/ota).
 */
export function createOtaController(opts: { startFirmware: string; packagePath: string; atS: number; trustConfig?: string; dir?: string; allowLiveActivation?: boolean; log?: (line: string) => void }): OtaController {
  return new OtaController(deviceControllerOptions(opts));
}

export function deviceControllerOptions(o: { startFirmware: string; packagePath: string; atS: number; trustConfig?: string; dir?: string; hardwareId?: string; allowLiveActivation?: boolean; log?: (line: string) => void }): OtaControllerOptions {
  const view = deviceView(otaDir(o.dir));
  return {
    startFirmware: o.startFirmware, packagePath: o.packagePath, atS: o.atS, log: o.log,
    trustConfig: o.trustConfig ?? view?.rootPath, hardwareId: o.hardwareId ?? view?.hardwareId,
    installed: liveFloor(view, resolveFirmware(o.startFirmware).info.version), seen: view?.seen,
    activation: o.allowLiveActivation ? 'live' : 'parked',
    onRefusal: view ? (attack, detail) => { auditOnDevice(view.dir, { action: 'live-swap', result: 'refused', attack, detail }); } : undefined,
  };
}
