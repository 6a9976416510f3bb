// What a sweep runs: the points of a grid over scenario fields, calibration values
// (`calibration.<name>`) and firmware builds. Each point has a stable id so a results file can
// be resumed.
import { createHash } from 'node:crypto';
import { CALIBRATION, type CalibrationParam } from '../../abi/signals.js';
import type { CalibrationValues } from '../../abi/calibration.js';
import { UserError } from '../app/user-error.js';
import { checkScenario, ScenarioError, type Scenario } from '../sim/scenario.js';
import { checkScenarioPhysics } from '../sim/scenario-rules.js';

export type ParamValue = number | string | boolean;
export interface SweepParam { path: string; values: ParamValue[] }
export interface SweepPoint {
  id: string;
  index: number;
  /** The scenario variant (its own grid expanded) the point starts from. */
  variant: string;
  firmware: string;
  params: Record<string, ParamValue>;
}

const CAL_PREFIX = 'calibration.';

/** `path=a,b,c` (a list) or `path=lo..hi/n` (n evenly spaced values, ends included). */
export function parseParam(text: string): SweepParam {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new UserError(`--param ${text}`, 'expected path=v1,v2,… or path=lo..hi/n');
  const path = text.slice(0, eq).trim();
  const spec = text.slice(eq + 1).trim();
  const range = spec.match(/^(-?[\d.]+)\.\.(-?[\d.]+)\/(\d+)$/);
  let values: ParamValue[];
  if (range) {
    const [lo, hi, n] = [Number(range[1]), Number(range[2]), Number(range[3])];
    if (!(n >= 2) || !Number.isFinite(lo) || !Number.isFinite(hi)) throw new UserError(`--param ${text}`, 'a range needs finite ends and at least 2 values');
    values = Array.from({ length: n }, (_, i) => +(lo + ((hi - lo) * i) / (n - 1)).toFixed(6));
  } else {
    values = spec.split(',').map((s) => s.trim()).filter(Boolean).map((s) => (s === 'true' ? true : s === 'false' ? false : Number.isFinite(Number(s)) ? Number(s) : s));
  }
  if (values.length === 0) throw new UserError(`--param ${text}`, 'no values');
  if (path.startsWith(CAL_PREFIX)) {
    const name = path.slice(CAL_PREFIX.length);
    const p = (CALIBRATION as readonly CalibrationParam[]).find((c) => c.name === name);
    if (!p) throw new UserError(`--param ${path}`, `"${name}" is not a calibration parameter (see hpa calibration)`);
    if (p.length) throw new UserError(`--param ${path}`, 'table parameters cannot be swept value by value; sweep a scalar');
    for (const v of values) if (typeof v !== 'number' || v < p.min || v > p.max) throw new UserError(`--param ${path}`, `${v} is outside ${p.min} … ${p.max} ${p.unit}`);
  }
  return { path, values };
}

export const isCalibrationPath = (path: string) => path.startsWith(CAL_PREFIX);

/** The calibration of a point: the base file's values, then the swept ones. */
export function pointCalibration(base: CalibrationValues | undefined, params: Record<string, ParamValue>): CalibrationValues {
  const out: Record<string, number | number[]> = { ...(base as Record<string, number | number[]>) };
  for (const [path, v] of Object.entries(params)) if (isCalibrationPath(path)) out[path.slice(CAL_PREFIX.length)] = v as number;
  return out as CalibrationValues;
}

/** The scenario of a point: the variant with the swept scenario fields set, checked like a file. */
export function pointScenario(variant: Scenario, params: Record<string, ParamValue>, file: string): Scenario {
  // Nothing to set: the variant was checked when its file was loaded (or imported); a copy, so
  // no run can change what the next one starts from.
  if (Object.keys(params).every(isCalibrationPath)) return structuredClone(variant);
  // An imported storyboard is compiled data, not a field of the scenario format: kept aside.
  const { storyboard, ...fields } = variant;
  const copy = structuredClone(fields) as unknown as Record<string, unknown>;
  const label: string[] = [];
  for (const [path, value] of Object.entries(params)) {
    if (isCalibrationPath(path)) continue;
    const keys = path.split('.');
    let node = copy;
    for (const key of keys.slice(0, -1)) {
      if (typeof node[key] !== 'object' || node[key] === null) throw new ScenarioError(file, path, `--param: the path does not exist in the scenario (at "${key}")`);
      node = node[key] as Record<string, unknown>;
    }
    node[keys[keys.length - 1]] = value;
    label.push(`${path}=${value}`);
  }
  if (label.length) copy.name = `${variant.name}${variant.name.includes('@') ? ',' : '@'}${label.join(',')}`;
  const checked = checkScenarioPhysics(checkScenario(copy, file), file);
  return storyboard ? { ...checked, storyboard } : checked;
}

export function pointId(variant: string, firmwareSha256: string, params: Record<string, ParamValue>, baseCalibrationSha: string | null): string {
  const key = JSON.stringify([variant, firmwareSha256, Object.entries(params).sort(([a], [b]) => a.localeCompare(b)), baseCalibrationSha]);
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}

/** variants × firmware × the cartesian product of the params, in a stable order. */
export function expandPoints(variants: string[], firmware: { ref: string; sha256: string }[], params: SweepParam[], baseCalibrationSha: string | null): SweepPoint[] {
  let combos: Record<string, ParamValue>[] = [{}];
  for (const p of params) combos = combos.flatMap((c) => p.values.map((v) => ({ ...c, [p.path]: v })));
  const points: SweepPoint[] = [];
  for (const variant of variants) for (const fw of firmware) for (const params of combos) {
    points.push({ id: pointId(variant, fw.sha256, params, baseCalibrationSha), index: points.length, variant, firmware: fw.ref, params });
  }
  return points;
}
