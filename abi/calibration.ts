// Calibration defaults per release and the JSON Schema of a calibration file, both derived
// from the declaration in signals.ts.
import { CALIBRATION, type CalibrationName, type CalibrationParam } from './signals.js';

export type CalibrationValues = Partial<Record<CalibrationName, number | number[]>>;

export function calibrationDefault(p: CalibrationParam, release: string): number[] {
  const v = p.releases?.[release] ?? p.default;
  return typeof v === 'number' ? [v] : [...v];
}

/** JSON Schema (2020-12) of a calibration file: `{ "<name>": value | [values] }`, each within min/max. */
export function calibrationSchema(): object {
  const properties: Record<string, object> = {};
  for (const p of CALIBRATION as readonly CalibrationParam[]) {
    const scalar = { type: 'number', minimum: p.min, maximum: p.max, description: `${p.description} [${p.unit}]` };
    properties[p.name] = 'length' in p && p.length
      ? { type: 'array', items: scalar, minItems: p.length, maxItems: p.length, description: scalar.description }
      : scalar;
  }
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://hpa-ecu.dev/schema/calibration.json',
    title: 'HPA-ECU calibration',
    type: 'object',
    additionalProperties: false,
    properties: { $schema: { type: 'string' }, ...properties },
  };
}
