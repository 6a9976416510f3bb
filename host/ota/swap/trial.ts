// An offline trial: the vehicle drives on the running version for a while (its uptime), the
// candidate shadows the last part of that drive, is swapped in at a cycle boundary, and must
// get through the trial window and the watch after it without the watchdog (output ranges,
// deadline) or the physical envelope (envelope.ts) firing. Used by `hpa ota install` and by
// every vehicle of the recall campaign.
import { LAYOUT } from '../../ecu/abi-views.js';
import { Ecu } from '../../ecu/ecu.js';
import type { FirmwareInfo } from '../../ecu/firmware.js';
import { Candidate } from './candidate.js';
import { SyntheticDrive } from './drive.js';
import { FirmwareSwitch, type SwapEvent } from './swapper.js';
import { hasMigration } from './migrate.js';

export interface TrialOptions {
  seed: number;
  uptimeCycles: number;
  shadowCycles: number;
  trialCycles: number;
  /** Cycles the new version stays on watch after the trial window (a later fault still rolls back). */
  watchCycles?: number;
  deadlineMs: number;
  burnInSteps?: number;
  /** Simulates a CPU stall (a busy-wait of this many ms) in the given trial cycle: a real overrun the watchdog must see. */
  stall?: { trialCycle: number; ms: number };
  onCycle?: (cycle: number) => void;
}

export interface TrialResult {
  passed: boolean;
  fault: string | null;
  detail: string | null;
  swapCycle: number;
  cycles: number;
  shadowDiverged: number;
  events: SwapEvent[];
}

export interface LoadedFirmware { module: WebAssembly.Module; info: FirmwareInfo }

export function runTrial(current: LoadedFirmware, candidate: LoadedFirmware | Candidate, opts: TrialOptions): TrialResult {
  const prepared = candidate instanceof Candidate ? candidate : new Candidate(candidate.module, candidate.info, opts.burnInSteps);
  prepared.burnIn();
  const running = new Ecu(current.module, current.info);
  const sw = new FirmwareSwitch(running, new Ecu(current.module, current.info), { trialCycles: opts.trialCycles, deadlineMs: opts.deadlineMs });
  const drive = new SyntheticDrive(opts.seed);
  const outputs = new Float64Array(LAYOUT.outputs.slots);
  const fail = (fault: string, detail: string, cycle: number): TrialResult =>
    ({ passed: false, fault, detail, swapCycle: -1, cycles: cycle, shadowDiverged: prepared.divergedCycles, events: sw.events });
  if (prepared.failure) return fail('burn-in', prepared.failure, 0);
  const [from, to] = [running.stateLayoutVersion, prepared.shadow.stateLayoutVersion];
  if (!hasMigration(from, to) || !hasMigration(to, from)) return fail('no-migration', `no state migration between layouts ${from} and ${to}`, 0);

  const shadowFrom = Math.max(0, opts.uptimeCycles - opts.shadowCycles);
  let cycle = 0;
  for (; cycle < opts.uptimeCycles; cycle++) {
    const frame = drive.next(outputs);
    if (cycle === shadowFrom) prepared.startShadow(sw.ecu);
    sw.cycle(frame, outputs, cycle);
    if (cycle >= shadowFrom) prepared.shadowStep(frame, outputs);
    opts.onCycle?.(cycle);
  }
  if (prepared.failure) return fail('shadow', prepared.failure, cycle);

  const swapCycle = cycle;
  sw.swapTo(prepared.shadow);
  const end = swapCycle + opts.trialCycles;
  for (; cycle < end && sw.inTrial; cycle++) {
    const frame = drive.next(outputs);
    if (opts.stall && (cycle - swapCycle === opts.stall.trialCycle || cycle - swapCycle === opts.stall.trialCycle + 1)) stallInsideStep(sw, opts.stall.ms);
    sw.cycle(frame, outputs, cycle);
    opts.onCycle?.(cycle);
  }
  for (const watchEnd = cycle + (opts.watchCycles ?? 0); cycle < watchEnd && sw.onWatch; cycle++) {
    sw.cycle(drive.next(outputs), outputs, cycle);
    opts.onCycle?.(cycle);
  }
  const rollback = sw.events.find((e) => e.type === 'rollback');
  if (rollback) return { ...fail(rollback.fault ?? 'rollback', rollback.detail ?? '', cycle), swapCycle, events: sw.events };
  return { passed: true, fault: null, detail: null, swapCycle, cycles: cycle, shadowDiverged: prepared.divergedCycles, events: sw.events };
}

/** Wraps the active step once with a busy-wait, as a preempted CPU would make it overrun. */
function stallInsideStep(sw: FirmwareSwitch, ms: number): void {
  const ecu = sw.ecu as { step: () => void };
  const original = ecu.step;
  Object.defineProperty(ecu, 'step', {
    configurable: true, writable: true,
    value: () => {
      original();
      const until = performance.now() + ms;
      while (performance.now() < until) { /* the CPU is taken from us */ }
      Object.defineProperty(ecu, 'step', { configurable: true, writable: true, value: original });
    },
  });
}
