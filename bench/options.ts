// What `hpa bench` can be asked to run, and the sizes of a quick and a full run.
export const SECTIONS = ['step', 'instructions', 'latency', 'closed-loop', 'swap', 'realtime', 'micro', 'hil'] as const;
export type Section = (typeof SECTIONS)[number];

export interface BenchOptions {
  quick: boolean;
  sections: Section[];
  firmware: string;
  /** Scenario run by the closed loop (a file in scenarios/, without .json). */
  loopScenario: string;
  hz: number;
  strategy: 'spin' | 'sleep-spin' | 'atomics';
  realtimeSeconds: number;
  loopSeconds: number;
  microMaxTimeS: number;
  /** Progress lines (stderr in the CLI). */
  log: (line: string) => void;
}

export function defaultOptions(quick: boolean): Omit<BenchOptions, 'log'> {
  return {
    quick, sections: [...SECTIONS], firmware: '1.1.0', loopScenario: 'steady-following', hz: 1000, strategy: 'spin',
    realtimeSeconds: quick ? 3 : 60, loopSeconds: quick ? 2 : 10, microMaxTimeS: quick ? 0.25 : 2,
  };
}

/** Iteration counts per section (quick keeps the whole run under a minute on 2 cores). */
export function sizes(quick: boolean) {
  return {
    stepSteps: quick ? 400_000 : 2_000_000, stepReps: quick ? 5 : 9, warmupSteps: 50_000,
    latencyCycles: quick ? 1_000_000 : 5_000_000,
    swaps: quick ? 1_000 : 2_000, cyclesBetweenSwaps: quick ? 50 : 200, swapTimingSamples: quick ? 10 : 50,
    swapWarmupSteps: 20_000, shadowCycles: 10,
    hilRoundTrips: quick ? 5_000 : 1_000_000,
  };
}
