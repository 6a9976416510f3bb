// Which calibration a run used: the file (if any) and its SHA-256, and every value that differs
// from the release's declared defaults, read back from the firmware itself.
import { Ecu } from '../ecu/ecu.js';

export interface CalibrationSource { file: string; sha256: string }
export interface CalibrationChange { name: string; default: number | number[]; value: number | number[] }
export interface CalibrationRecord {
  /** The calibration file applied, null for the release defaults. */
  file: string | null;
  sha256: string | null;
  /** Values that differ from the release defaults of the firmware that ran. */
  diff: CalibrationChange[];
}

const same = (a: number | number[], b: number | number[]) =>
  Array.isArray(a) && Array.isArray(b) ? a.length === b.length && a.every((x, i) => Object.is(x, b[i])) : Object.is(a, b);

export function calibrationRecord(ecu: Ecu, source?: CalibrationSource): CalibrationRecord {
  const now = ecu.getCalibration() as Record<string, number | number[]>;
  const defaults = Ecu.releaseDefaults(ecu.version);
  const diff = Object.entries(now)
    .filter(([name, value]) => defaults[name] !== undefined && !same(value, defaults[name]))
    .map(([name, value]) => ({ name, default: defaults[name], value }));
  return { file: source?.file ?? null, sha256: source?.sha256 ?? null, diff };
}

export function formatCalibrationRecord(c: CalibrationRecord, version: string): string {
  const head = c.file ? `${c.file} (sha256 ${c.sha256!.slice(0, 12)}…)` : `release defaults of ${version}`;
  if (c.diff.length === 0) return `${head}${c.file ? `, identical to the defaults of ${version}` : ''}`;
  const show = (v: number | number[]) => (Array.isArray(v) ? `[${v.map((x) => +x.toFixed(4)).join(', ')}]` : String(+v.toFixed(4)));
  return `${head}; differs from ${version}: ${c.diff.map((d) => `${d.name} ${show(d.default)} → ${show(d.value)}`).join(', ')}`;
}
