// `hpa ota drive`: a synthetic highway drive on one version with an optional live update —
// the live-swap path (OtaController) without the simulator, long enough to reach latent faults.
import { CYCLE_S } from '../../../abi/signals.js';
import { LAYOUT } from '../../ecu/abi-views.js';
import { SyntheticDrive } from './drive.js';
import { deviceControllerOptions, OtaController } from './live-swap.js';
import { badOutput } from './watchdog.js';
import { OtaError } from '../errors.js';

export interface DriveRunOptions {
  firmware: string; durationS: number; seed: number; packagePath?: string; atS?: number; trustConfig?: string; hardwareId?: string; trialS?: number;
  /** Device state whose anti-rollback floor, hardware id and trust config apply (default $HPA_OTA_DIR or .hpa/ota). */
  dir?: string;
  /** Bench / HIL: swap while driving instead of waiting to be parked. */
  allowLiveActivation?: boolean;
  log?: (line: string) => void;
}

export interface DriveRunResult {
  cycles: number;
  startVersion: string;
  versionAtEnd: string;
  outcome: OtaController['outcome'];
  refusal: string | null;
  refusalMessage: string | null;
  swaps: number; rollbacks: number; confirms: number; faults: number;
  fallbackCycles: number;
  /** Cycles whose outputs were non-finite or out of range after the switch: must be 0. */
  badOutputCycles: number;
  events: { cycle: number; type: string; version: string; fault?: string }[];
}

const MAX_FAULT_LOGS = 5;

export function runOtaDrive(o: DriveRunOptions): DriveRunResult {
  if (!(o.durationS > 0 && o.durationS < Infinity)) throw new OtaError('usage', `--duration-s: "${o.durationS}" is not a positive number of seconds`, 1);
  if (o.packagePath && !(o.atS !== undefined && o.atS >= 0 && o.atS < Infinity)) throw new OtaError('usage', `--ota-at: "${o.atS}" is not a time in seconds`, 1);
  let faultLogs = 0;
  const log = o.log ?? (() => {});
  const ctl = new OtaController({
    ...deviceControllerOptions({ startFirmware: o.firmware, packagePath: o.packagePath ?? '', atS: o.packagePath ? o.atS ?? 0 : Infinity, trustConfig: o.trustConfig, hardwareId: o.hardwareId, dir: o.dir, allowLiveActivation: o.allowLiveActivation }),
    trialCycles: o.trialS !== undefined ? Math.round(o.trialS / CYCLE_S) : undefined,
    log: (line) => { if (!line.includes('ECU fault') || ++faultLogs <= MAX_FAULT_LOGS) log(line); },
  });
  const startVersion = ctl.ecu.version;
  const drive = new SyntheticDrive(o.seed);
  const outputs = new Float64Array(LAYOUT.outputs.slots);
  const cycles = Math.round(o.durationS / CYCLE_S);
  let bad = 0;
  for (let c = 0; c < cycles; c++) {
    ctl.cycle(drive.next(outputs), outputs, c);
    if (badOutput(outputs) >= 0) bad++;
  }
  const ev = ctl.switch.events;
  const count = (t: string) => ev.filter((e) => e.type === t).length;
  if (faultLogs > MAX_FAULT_LOGS) log(`… ${faultLogs - MAX_FAULT_LOGS} more fault cycles, each served by the fallback`);
  return {
    cycles, startVersion, versionAtEnd: ctl.ecu.version, outcome: ctl.outcome, refusal: ctl.refusal, refusalMessage: ctl.refusalMessage,
    swaps: count('swap'), rollbacks: count('rollback'), confirms: count('confirm'), faults: ctl.switch.faultCount,
    fallbackCycles: ctl.switch.fallbackCycles, badOutputCycles: bad,
    events: ev.filter((e) => e.type !== 'fault').concat(ev.filter((e) => e.type === 'fault').slice(0, 3)).map((e) => ({ cycle: e.cycle, type: e.type, version: e.version, fault: e.fault })),
  };
}
