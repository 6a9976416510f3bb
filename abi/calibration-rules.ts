// Cross-field rules of the calibration, declared beside the signal list (signals.ts): each
// parameter's own range is there; what must hold BETWEEN parameters is here. Checked by
// `hpa check --calibration`, by the calibration loader and when a calibration is applied.
import type { CalibrationName } from './signals.js';

export type CalibrationSet = Partial<Record<CalibrationName, number | readonly number[]>>;

export interface CalibrationRule {
  /** The parameters the rule reads; the first one is named in a refusal. */
  fields: readonly CalibrationName[];
  /** Why the rule exists (shown in docs and refusals). */
  why: string;
  /** Returns the reason it is broken, or null. */
  check(values: CalibrationSet): string | null;
}

const list = (v: number | readonly number[] | undefined): readonly number[] => (v === undefined ? [] : typeof v === 'number' ? [v] : v);
const scalar = (v: number | readonly number[] | undefined): number => list(v)[0];

/** A breakpoint axis read with linear interpolation must be strictly ascending. */
function ascendingAxis(field: CalibrationName): CalibrationRule {
  return {
    fields: [field], why: 'breakpoint axis of a table read by linear interpolation',
    check: (v) => {
      const xs = list(v[field]);
      const at = xs.findIndex((x, i) => i > 0 && !(x > xs[i - 1]));
      return at < 0 ? null : `breakpoints must be strictly ascending ([${xs.join(', ')}]: ${xs[at]} at index ${at} is not above ${xs[at - 1]})`;
    },
  };
}

/** `a` ≤ `b` (or `a` < `b` when strict). */
function ordered(a: CalibrationName, b: CalibrationName, strict: boolean, why: string): CalibrationRule {
  return {
    fields: [a, b], why,
    check: (v) => {
      const x = scalar(v[a]), y = scalar(v[b]);
      const ok = strict ? x < y : x <= y;
      return ok ? null : `${x} must be ${strict ? '<' : '≤'} ${b} (${y}): ${why}`;
    },
  };
}

/** Every entry of a per-breakpoint table at most `b`. */
function tableAtLeast(table: CalibrationName, b: CalibrationName, why: string): CalibrationRule {
  return {
    fields: [b, table], why,
    check: (v) => {
      const y = scalar(v[b]);
      const lowest = Math.min(...list(v[table]));
      return y <= lowest ? null : `${y} must be ≤ every entry of ${table} (lowest ${lowest}): ${why}`;
    },
  };
}

export const CALIBRATION_RULES: readonly CalibrationRule[] = [
  ascendingAxis('limitBpMps'),
  ascendingAxis('stationaryBpMps'),
  ordered('aebThresholdMps2', 'aebMaxDecelMps2', false, 'emergency braking must be able to reach its own threshold'),
  ordered('partialBrakeMaxMps2', 'aebThresholdMps2', true, 'braking before the warning time must stay below emergency braking (UN R152 warning first)'),
  ordered('fcwReqDecelMps2', 'aebThresholdMps2', false, 'the warning must come no later than emergency braking'),
  ordered('horHandsOffS', 'horHandsOffEyesOnS', false, 'hands off with the gaze on the road may last longer, never shorter'),
  tableAtLeast('accDecelMaxMps2', 'approachDecelMps2', 'the following law must not plan more deceleration than the ACC limiter allows'),
];

export interface RuleViolation { field: CalibrationName; reason: string }

/** Checks the rules whose parameters are all present in `values` (a file may set only some). */
export function checkCalibrationRules(values: CalibrationSet): RuleViolation[] {
  const out: RuleViolation[] = [];
  for (const rule of CALIBRATION_RULES) {
    if (!rule.fields.every((f) => values[f] !== undefined)) continue;
    const reason = rule.check(values);
    if (reason) out.push({ field: rule.fields[0], reason });
  }
  return out;
}
