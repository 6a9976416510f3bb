// Types and the per-vehicle status codes shared by the campaign runner (run.ts) and its report
// (report.ts), in their own file so neither imports the other.
import type { CampaignPlan } from './plan.js';
import type { Fleet } from './population.js';
import type { RigOptions } from './rig.js';
import type { JobEngine } from '../../jobs/types.js';

export interface CampaignOptions {
  packages: string[];
  trustPath: string;
  fromVersion: string;
  /** The anti-rollback counter of a factory-fresh vehicle (one the fleet directory never saw); default 0. */
  fromCounter?: number | string;
  /** The fleet's device states (each vehicle's counter and freshness floors, fleet-devices.ts), sealed and kept across runs; none: factory-fresh for this run. */
  fleetDir?: string;
  /** A signed director assignment (release/director.ts): only the vehicles it assigns this image to are updated. */
  directorPath?: string;
  seed: number;
  scale: number;
  /** Embedded engine: worker threads for the trial drives (default one per core). */
  threads?: number;
  /** Run the trial drives on BullMQ over Redis (`hpa worker --redis <url>` computes them). */
  redis?: string;
  /** An engine already started (tests). */
  engine?: JobEngine;
  plan: CampaignPlan;
  rig: RigOptions;
  now?: Date;
  onProgress?: (done: number, total: number, label: string) => void;
}

export const Status = { Pending: 0, Updated: 1, Failed: 2, NotCovered: 3, Cancelled: 4, Refused: 5, Current: 6 } as const;

/** Whether a vehicle counts towards a wave's thresholds: it takes part (not left out, not refusing, not already on the image). */
export const isCovered = (s: number) => s !== Status.NotCovered && s !== Status.Refused && s !== Status.Current;

export interface FleetState {
  fleet: Fleet;
  status: Uint8Array;
  attempts: Uint8Array;
  doneAtH: Float64Array;
  /** The driver was told what the update changes before it activated (a notification record, UN R156). */
  told: Uint8Array;
  /** Downloaded and verified the package (its freshness floors rise, fleet-devices.ts). */
  accepted: Uint8Array;
  counters: { downloadFailures: number; downloadTimeouts: number; powerLosses: number; trials: number; trialRollbacks: number; retries: number; injectedStalls: number };
  /** Failed trials by cause (shadow rejection or the watchdog's fault). */
  trialFailures: Record<string, number>;
}
