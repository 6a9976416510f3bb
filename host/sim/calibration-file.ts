// Calibration files (JSON or YAML): checked against the schema derived from abi/signals.ts;
// a refusal names the file, the field and the reason.
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import YAML from 'yaml';
import { calibrationSchema, type CalibrationValues } from '../../abi/calibration.js';
import { ScenarioError } from './scenario.js';

/** Same shape of error as a bad scenario: file, field, reason. */
export class CalibrationFileError extends ScenarioError {}

let compiled: ReturnType<Ajv2020['compile']> | null = null;
const validator = () => (compiled ??= new Ajv2020({ strict: false }).compile(calibrationSchema()));

export function loadCalibrationFile(path: string): CalibrationValues {
  let data: unknown;
  try {
    const text = readFileSync(path, 'utf8');
    data = /\.ya?ml$/i.test(extname(path)) ? YAML.parse(text) : JSON.parse(text);
  } catch (e) {
    throw new CalibrationFileError(path, '', (e as NodeJS.ErrnoException).code ? `cannot read: ${(e as NodeJS.ErrnoException).code}` : `not valid JSON/YAML: ${(e as Error).message.split('\n')[0]}`);
  }
  const validate = validator();
  if (!validate(data)) {
    const err = validate.errors![0];
    const p = err.params as Record<string, unknown>;
    const field = err.keyword === 'additionalProperties' ? String(p.additionalProperty) : err.instancePath.replace(/^\//, '').replace(/\//g, '.');
    const reason = err.keyword === 'additionalProperties' ? 'unknown calibration parameter (see docs/signals.md)' : err.message ?? err.keyword;
    throw new CalibrationFileError(path, field, reason);
  }
  const { $schema: _ignored, ...values } = data as Record<string, number | number[]>;
  return values as CalibrationValues;
}
