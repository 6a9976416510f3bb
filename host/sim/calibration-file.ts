// Calibration files (JSON or YAML): checked against the schema derived from abi/signals.ts and
// the cross-field rules of abi/calibration-rules.ts; a refusal names the file, the field and the reason.
import { createHash } from 'node:crypto';
import { extname } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import YAML from 'yaml';
import { calibrationSchema, type CalibrationValues } from '../../abi/calibration.js';
import { checkCalibrationRules, type CalibrationSet } from '../../abi/calibration-rules.js';
import { readInputFile } from '../util/read-input-file.js';
import { parseErrorReason, ScenarioError } from './scenario.js';

/** Same shape of error as a bad scenario: file, field, reason. */
export class CalibrationFileError extends ScenarioError {}

export interface LoadedCalibration { file: string; sha256: string; values: CalibrationValues }

let compiled: ReturnType<Ajv2020['compile']> | null = null;
const validator = () => (compiled ??= new Ajv2020({ strict: false }).compile(calibrationSchema()));

/** Reads, parses and checks a calibration file; keeps its SHA-256 so results can name it. */
export function readCalibrationFile(path: string): LoadedCalibration {
  let bytes: Buffer;
  try {
    bytes = readInputFile(path);
  } catch (e) {
    throw new CalibrationFileError(path, '', `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  let data: unknown;
  const yaml = /\.ya?ml$/i.test(extname(path));
  try {
    data = yaml ? YAML.parse(bytes.toString('utf8')) : JSON.parse(bytes.toString('utf8'));
  } catch (e) {
    throw new CalibrationFileError(path, '', `not valid ${yaml ? 'YAML' : 'JSON'}: ${parseErrorReason(e)}`);
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
  assertCalibrationRules(path, values as CalibrationSet);
  return { file: path, sha256: createHash('sha256').update(bytes).digest('hex'), values: values as CalibrationValues };
}

export function loadCalibrationFile(path: string): CalibrationValues {
  return readCalibrationFile(path).values;
}

/** Refuses the first broken cross-field rule; `context` says against which defaults it was merged. */
export function assertCalibrationRules(file: string, values: CalibrationSet, context = ''): void {
  const broken = checkCalibrationRules(values)[0];
  if (broken) throw new CalibrationFileError(file, broken.field, broken.reason + context);
}
