// The figures kept per sweep point (one row of the CSV, one line of the results file).
import { evaluate } from '../sim/expectations.js';
import type { RunResult } from '../sim/run.js';
import type { Expectation } from '../sim/scenario.js';

export interface PointMetrics {
  collision: boolean;
  impactSpeedKph: number | null;
  minGapM: number | null;
  minTtcS: number | null;
  maxDecelMps2: number;
  finalSpeedKph: number;
  firstFcwS: number | null;
  firstAebS: number | null;
  brakingOnsetS: number | null;
  steadyGapMaxError: number | null;
  /** The scenario's expect judged; null when it states none. */
  passed: boolean | null;
  reasons: string[];
}

export const METRIC_COLUMNS = ['collision', 'impactSpeedKph', 'minGapM', 'minTtcS', 'maxDecelMps2', 'finalSpeedKph', 'firstFcwS', 'firstAebS', 'brakingOnsetS', 'steadyGapMaxError', 'passed'] as const;

export function pointMetrics(r: RunResult, expect: Expectation | undefined): PointMetrics {
  const first = (type: string) => r.events.find((e) => e.type === type)?.tS ?? null;
  const reasons = evaluate(r, expect);
  return {
    collision: r.collision, impactSpeedKph: r.impactSpeedKph, minGapM: r.minGapM, minTtcS: r.minTtcS, maxDecelMps2: r.maxDecelMps2,
    finalSpeedKph: r.finalSpeedKph, firstFcwS: first('fcw'), firstAebS: first('aeb'), brakingOnsetS: first('brakingOnset'),
    steadyGapMaxError: r.steadyGapMaxError, passed: expect ? reasons.length === 0 : null, reasons,
  };
}
