// Results that come back from outside this process (Redis, a journal file) are input: each is
// checked against what its job kind returns (JSON Schema, ajv) and against its own job before any
// command aggregates it, so a damaged or forged entry is one named refusal, never a stack trace
// deep in a report and never a silently wrong total. Results computed in this process are not
// re-checked (the embedded engine).
import { Ajv2020 } from 'ajv/dist/2020.js';
import { OUTCOME_NAMES } from '../ota/campaign/rig.js';
import type { TrialShardJob } from '../ota/campaign/trial-job.js';
import { BATCH_RESULT_SCHEMA, batchMismatch } from '../validate/batch-result.js';
import type { BatchSpec } from '../validate/episodes.js';
import type { JobSpec } from './types.js';

const sha = { type: 'string', pattern: '^[0-9a-f]{64}$' };
const strings = { type: 'array', items: { type: 'string' } };
const maybeNumber = { type: ['number', 'null'] };

const SCHEMAS = {
  'validate-batch': BATCH_RESULT_SCHEMA,
  'sweep-point': {
    type: 'object', required: ['firmwareSha256', 'metrics'],
    properties: {
      firmwareSha256: sha,
      metrics: {
        type: 'object',
        required: ['collision', 'impactSpeedKph', 'minGapM', 'minTtcS', 'maxDecelMps2', 'finalSpeedKph', 'firstFcwS', 'firstAebS', 'brakingOnsetS', 'steadyGapMaxError', 'passed', 'reasons'],
        properties: {
          collision: { type: 'boolean' }, impactSpeedKph: maybeNumber, minGapM: maybeNumber, minTtcS: maybeNumber, maxDecelMps2: { type: 'number' }, finalSpeedKph: { type: 'number' },
          firstFcwS: maybeNumber, firstAebS: maybeNumber, brakingOnsetS: maybeNumber, steadyGapMaxError: maybeNumber, passed: { type: ['boolean', 'null'] }, reasons: strings,
        },
      },
    },
  },
  'test-run': {
    type: 'object', required: ['firmwareSha256', 'passed', 'reasons', 'timeS', 'result'],
    properties: {
      firmwareSha256: sha, passed: { type: 'boolean' }, reasons: strings, timeS: { type: 'number', minimum: 0 },
      result: { type: 'object', required: ['collision', 'events'], properties: { collision: { type: 'boolean' }, events: { type: 'array', items: { type: 'object', required: ['tS', 'type'] } } } },
    },
  },
  'campaign-trials': {
    type: 'object', required: ['currentSha256', 'recallSha256', 'seed', 'outcomes'],
    properties: { currentSha256: sha, recallSha256: sha, seed: { type: 'integer' }, outcomes: { type: 'array', items: { type: 'integer', minimum: 0, maximum: OUTCOME_NAMES.length - 1 } } },
  },
} as const;

const ajv = new Ajv2020({ strict: false });
const validators = new Map<string, ReturnType<typeof ajv.compile>>();

function schemaProblem(kind: keyof typeof SCHEMAS, result: unknown): string | null {
  let check = validators.get(kind);
  if (!check) { check = ajv.compile(SCHEMAS[kind]); validators.set(kind, check); }
  if (check(result)) return null;
  const e = check.errors![0];
  return `${e.instancePath.slice(1).replace(/\//g, '.') || 'the result'}: ${e.message}`;
}

/** Why `result` cannot be the result of `job` (null: it can). */
export function resultProblem(job: JobSpec, result: unknown): string | null {
  switch (job.kind) {
    case 'validate-batch': return schemaProblem(job.kind, result) ?? batchMismatch(result, job.payload as BatchSpec);
    case 'campaign-trials': {
      const problem = schemaProblem(job.kind, result);
      if (problem) return problem;
      const spec = job.payload as TrialShardJob, r = result as { seed: number; outcomes: number[] };
      if (r.seed !== spec.seed) return `it is the result of seed ${r.seed}, not ${spec.seed}`;
      if (r.outcomes.length * 3 !== spec.trials.length) return `it has ${r.outcomes.length} outcomes for ${spec.trials.length / 3} trials`;
      return null;
    }
    default: return schemaProblem(job.kind, result);
  }
}
