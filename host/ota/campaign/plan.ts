// Roll-out plan in the style of hawkBit / AWS IoT Jobs: waves by cumulative percentage, each
// gated by a success threshold and an error threshold, with retries and timeouts, and the
// seeded fault rates the campaign injects.
export interface Wave { name: string; cumulativeFraction: number }

export interface CampaignPlan {
  waves: Wave[];
  /** A wave is done when this share of its vehicles is updated … */
  successThreshold: number;
  /** … and the campaign aborts when more than this share has failed for good. */
  errorThreshold: number;
  /** … or when more than this share of trials rolled back (a safety signal, not a network one). */
  trialFailureThreshold: number;
  /** A wave that has not reached its success threshold after this long aborts the campaign. */
  waveTimeoutH: number;
  /** Attempts per vehicle (first try + retries). */
  maxAttempts: number;
  retryBackoffH: number;
  downloadTimeoutH: number;
  /** Vehicles still trying after this long are reported as not completed. */
  campaignWindowH: number;
  faults: { downloadFailure: number; powerLoss: number; trialStall: number };
  /** How soon cars come online: most within days, some parked for weeks. */
  connect: { meanH: number; rareShare: number; rareMeanH: number };
}

export const DEFAULT_PLAN: CampaignPlan = {
  waves: [
    { name: 'canary', cumulativeFraction: 0.001 },
    { name: 'early', cumulativeFraction: 0.01 },
    { name: 'wave 3', cumulativeFraction: 0.1 },
    { name: 'wave 4', cumulativeFraction: 0.4 },
    { name: 'fleet', cumulativeFraction: 1 },
  ],
  successThreshold: 0.8,
  errorThreshold: 0.05,
  trialFailureThreshold: 0.05,
  waveTimeoutH: 14 * 24,
  maxAttempts: 4,
  retryBackoffH: 6,
  downloadTimeoutH: 4,
  campaignWindowH: 90 * 24,
  faults: { downloadFailure: 0.03, powerLoss: 0.005, trialStall: 0.002 },
  connect: { meanH: 36, rareShare: 0.12, rareMeanH: 24 * 20 },
};
