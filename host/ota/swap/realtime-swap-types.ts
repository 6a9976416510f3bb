// Shared between the real-time swap's host side (realtime-swap.ts), its loop worker and its
// preparation worker.
import type { JitterUs, RealtimeStrategy } from '../../realtime/realtime-types.js';
import type { AttackName } from '../errors.js';
import type { PreparedRelease, RejectedRelease } from './prepare.js';
import type { SwapEvent } from './swapper.js';
import type { InstalledRelease } from '../release/verify.js';

/** Cells of the shared control block (Int32). */
export const CTL = {
  stop: 0, cyclesDone: 1,
  /** Host → loop: the clock may start (both workers are loaded). */
  go: 2,
  /** Host → loop: the package has arrived and was handed to the preparation worker. */
  arrived: 3,
  /** Prep worker → loop: a message waits on the loop's port. */
  prepared: 4,
} as const;
export const CTL_CELLS = 5;

export interface RealtimeSwapOptions {
  packagePath: string;
  hz: number;
  seconds: number;
  /** Arrival time of the package after the clock starts. */
  atS: number;
  startFirmware?: string;
  trustConfig?: string;
  hardwareId?: string;
  /** Device state whose anti-rollback floor, hardware id and trust config apply (default $HPA_OTA_DIR or .hpa/ota). */
  dir?: string;
  /** The swap happens while the loop drives: a bench / HIL run that must say so (UN R156: a vehicle activates parked). */
  allowLiveActivation?: boolean;
  strategy?: RealtimeStrategy;
  sleepMarginUs?: number;
  /** Cycles the running version has been up before the clock starts (run fast; also the JIT warm-up). */
  uptimeCycles?: number;
  shadowCycles?: number;
  trialCycles?: number;
  /** Step time above which a trial cycle counts as late (default: one period). */
  deadlineMs?: number;
  burnInSteps?: number;
  seed?: number;
  /** Nice value the loop thread asks for (Linux, needs the privilege to go below 0); default −10. */
  loopNice?: number;
}

export interface PrepJob {
  packageBytes: Uint8Array;
  trustPath: string;
  hardwareId: string;
  installed: InstalledRelease;
  /** The device's metadata floors (device/freshness.ts). */
  seen?: { timestampVersion?: number; snapshotVersion?: number };
  runningStateLayout: number;
  burnInSteps?: number;
}

interface PrepMeta { prepMs: number; prepThreadId: number }
export type PrepMessage = ((PreparedRelease | RejectedRelease) & PrepMeta)
  | ({ kind: 'refused'; attack: AttackName; message: string } & PrepMeta)
  | ({ kind: 'error'; message: string } & PrepMeta);

/** A prep message without the module (what the result and the host see). */
export type PrepSummary = PrepMessage extends infer T ? (T extends unknown ? Omit<T, 'module'> : never) : never;

export interface LoopInit {
  startFirmware: string; hz: number; cycles: number; strategy: RealtimeStrategy; sleepMarginUs?: number;
  uptimeCycles: number; shadowCycles: number; trialCycles: number; deadlineMs: number; seed: number; loopNice?: number;
  control: SharedArrayBuffer; prepPort: import('node:worker_threads').MessagePort;
}

export type Outcome = 'none' | 'refused' | 'rejected' | 'confirmed' | 'rolled-back' | 'in-trial' | 'shadowing' | 'preparing';

/** Cycle wall times of one class of cycles (µs). */
export interface CycleClass extends JitterUs { n: number; overruns: number }

export interface RealtimeSwapResult {
  hz: number; seconds: number; strategy: RealtimeStrategy; cycles: number;
  /** Cycles that (with the slack work after them) ended after the next deadline; episodes: runs of consecutive ones. */
  overruns: number; overrunEpisodes: number;
  jitterUs: JitterUs; cycleUs: JitterUs;
  /** Cycles with only the running version stepped (before arrival and after the outcome). */
  steady: CycleClass;
  /** Cycles while the prep worker ran (the loop does nothing extra; the other core is busy). */
  preparing: CycleClass;
  /** Cycles that also stepped the shadow on a copy of the frame. */
  shadow: CycleClass;
  trial: CycleClass;
  /** The swap cycle — the first served by the new version (µs) — its start jitter and whether it overran. */
  swapCycleUs: number | null; swapCycleJitterUs: number | null; swapCycleOverrun: boolean | null;
  /** The switch at the boundary before it, in the slack: state block copied, trial opened (µs). */
  boundaryUs: number | null;
  /** Loop-thread work in the slack when the module arrived: instantiate the shadow, copy the state (µs). */
  adoptUs: number | null;
  outcome: Outcome; refusal: AttackName | null; rejectReason: string | null;
  versionAtStart: string; versionAtEnd: string; candidateVersion: string | null;
  /** Absolute cycle numbers (uptime + clock cycle). */
  arrivalCycle: number | null; readyCycle: number | null; swapCycle: number | null;
  events: SwapEvent[]; fallbackCycles: number; shadowDivergedCycles: number;
  prep: PrepSummary | null;
  /** Evidence the preparation stayed off the loop: Wasm compiles on the loop thread after the clock started, and thread ids. */
  compilesInLoop: number; loopThreadId: number;
  /** The loop thread's nice value in effect (null: unknown / not set). */
  loopNice: number | null;
  uptimeCycles: number;
}
