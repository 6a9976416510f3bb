// What a validation batch's result must be before it is counted when it comes back from outside
// this process (a worker through Redis, or a journal file): its shape (a JSON Schema, checked with
// the other job kinds' in host/jobs/result-checks.ts) and that it is the result of the job it is
// stored under (seed, episode range, episodes counted and listed).
import type { ValidateBatchResult } from '../jobs/handlers.js';
import type { BatchSpec } from './episodes.js';
import { HAZARDS } from './traffic.js';

const count = { type: 'integer', minimum: 0 };
const episodeIndex = { type: 'integer', minimum: 0 };
const hazard = { enum: [...HAZARDS] };
/** The shape of a validation batch's result (host/jobs/result-checks.ts compiles it). */
export const BATCH_RESULT_SCHEMA = {
  type: 'object',
  required: ['firmwareSha256', 'seed', 'first', 'count', 'totals'],
  properties: {
    firmwareSha256: { type: 'string' }, calibrationSha256: { type: ['string', 'null'] }, seed: count, first: count, count,
    totals: {
      type: 'object',
      required: ['episodes', 'km', 'collisions', 'avoidableCollisions', 'ecuAvoidableCollisions', 'collisionsByCause', 'phantomBrakes', 'phantomEmergencyBrakes', 'fcw', 'aeb', 'takeoverRequests', 'mrm', 'isoLimitViolations', 'failed', 'phantomEpisodes'],
      properties: {
        episodes: count, km: { type: 'number', minimum: 0 },
        collisions: count, avoidableCollisions: count, ecuAvoidableCollisions: count, phantomBrakes: count, phantomEmergencyBrakes: count,
        fcw: count, aeb: count, takeoverRequests: count, mrm: count, isoLimitViolations: count,
        collisionsByCause: { type: 'object', required: [...HAZARDS], additionalProperties: false, properties: Object.fromEntries(HAZARDS.map((h) => [h, count])) },
        failed: {
          type: 'array',
          items: { type: 'object', required: ['index', 'hazard', 'avoidable', 'ecuAvoidable', 'ecuMarginM', 'what', 'impactSpeedKph'], properties: { index: episodeIndex, hazard, avoidable: { type: 'boolean' }, ecuAvoidable: { type: 'boolean' }, ecuMarginM: { type: ['number', 'null'], minimum: 0 }, what: { type: 'string' }, impactSpeedKph: { type: ['number', 'null'] } } },
        },
        phantomEpisodes: {
          type: 'array',
          items: { type: 'object', required: ['index', 'hazard', 'phantomBrakes', 'firstAtS', 'peakDecelMps2'], properties: { index: episodeIndex, hazard, phantomBrakes: count, firstAtS: { type: 'number' }, peakDecelMps2: { type: 'number' } } },
        },
      },
    },
  },
};

/** Why `result`, already of the schema's shape, cannot be the result of the batch `spec` (null: it can). */
export function batchMismatch(result: unknown, spec: BatchSpec): string | null {
  const r = result as ValidateBatchResult;
  if (r.seed !== spec.seed || r.first !== spec.first || r.count !== spec.count) {
    return `it is the result of episodes ${r.first}+${r.count} of seed ${r.seed}, not ${spec.first}+${spec.count} of seed ${spec.seed}`;
  }
  // Results stored before calibrations could be validated carry no field: the defaults.
  const ran = r.calibrationSha256 ?? null, asked = spec.calibration?.sha256 ?? null;
  if (ran !== asked) return `it ran with ${ran === null ? 'the release\'s default calibration' : `calibration ${ran.slice(0, 12)}…`}, not ${asked === null ? 'the defaults' : `calibration ${asked.slice(0, 12)}…`}`;
  if (r.totals.episodes !== spec.count) return `it counts ${r.totals.episodes} episodes in a batch of ${spec.count}`;
  const outside = [...r.totals.failed, ...r.totals.phantomEpisodes].find((f) => f.index < spec.first || f.index >= spec.first + spec.count);
  if (outside) return `it lists episode ${outside.index}, outside its batch`;
  return null;
}
