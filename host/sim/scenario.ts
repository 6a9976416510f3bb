// Loading a scenario file: JSON or YAML, checked against the published schema, then
// expanded into variants. Every refusal names the file, the field and the reason.
import { basename, extname } from 'node:path';
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import YAML from 'yaml';
import { INPUTS } from '../../abi/signals.js';
import type { StoryboardProgram } from '../xosc/runtime/program.js';
import { scenarioSchema } from './scenario-schema.js';
import { readInputFile } from '../util/read-input-file.js';
import { checkScenarioPhysics } from './scenario-rules.js';

export type DriverAction = 'brake' | 'handsOn' | 'eyesOn' | 'accelerate';
export interface Trigger { atS?: number; ttcS?: number; gapToM?: number; lessThanM?: number }
export interface Maneuver { trigger: Trigger; laneChange?: number; durationS?: number; accelMps2?: number; untilSpeedKph?: number }
export type ObjectKind = 'car' | 'truck' | 'cone' | 'barrier' | 'pedestrian';
export interface ScenarioObject {
  id: string; kind: ObjectKind; xM?: number; atTtcS?: number; lane: number;
  offsetM?: number; speedKph?: number; widthM?: number; maneuvers?: Maneuver[];
}
export interface Zone {
  kind: 'construction' | 'speedLimit' | 'curve' | 'crest'; startM: number; endM: number; closedLane?: number; announced?: boolean;
  speedLimitKph?: number; radiusM?: number;
  /** Map data that is late or wrong: announced only within this distance of the start; start off by this much. */
  announceDistM?: number; mapErrorM?: number;
  /** Curve: lateral clearance of the line of sight (barrier, vegetation) [m]. */
  sightClearanceM?: number;
}
export interface SensorSpec {
  movingRangeM?: number; stationaryRangeM?: number; latencyMs?: number; seed?: number; distNoiseM?: number; speedNoiseMps?: number;
  dropoutRate?: number; faults?: SensorFault[];
  detectRangeM?: Partial<Record<ObjectKind, number>>;
  distNoisePerM?: number; speedNoisePerM?: number;
  weather?: 'clear' | 'rain' | 'fog'; visibilityM?: number;
  tracker?: { confirmCycles?: number; stationaryConfirmS?: number; coastCycles?: number; accelTimeConstantS?: number };
  misclassification?: { rate?: number; beyondFraction?: number; asKind?: 'none' | ObjectKind };
  occlusion?: { enabled?: boolean; hiddenAboveCoveredFraction?: number };
  ghosts?: { perKm?: number; kinds?: ('gantry' | 'bridge' | 'sign' | 'manhole')[]; reportedAs?: 'none' | ObjectKind };
  selfReport?: { forKind?: ObjectKind; bias?: number };
}
export interface SensorFault { atS: number; durationS?: number; signal: string; value: number | 'NaN' | 'Infinity' | '-Infinity' | 'frozen' }
export interface Expectation {
  collision?: boolean; assistActiveAtEnd?: boolean; minImpactSpeedKph?: number; accLimits?: boolean;
  steadyGap?: { fromS: number; toS: number; tolerance: number };
  eventsBy?: Record<string, number>; eventsAbsent?: string[]; maxDecelMps2?: number;
  /** At most this many phantom brakes (autonomous braking > 2 m/s² with nothing real in the path). */
  maxPhantomBrakes?: number;
  /** A contact, if any, at no more than this relative speed (Euro NCAP scores on it). */
  maxImpactSpeedKph?: number;
  /** The run ends at least this fast (a speed the function must reach). */
  minFinalSpeedKph?: number;
}
export interface Scenario {
  name: string; description?: string; source?: string; durationS: number;
  road: { speedLimitKph: number; lanes: number; laneWidthM?: number; designDomainEndM?: number; zones?: Zone[] };
  ego: { speedKph: number; setSpeedKph?: number; lane?: number; timeGapS?: number; assist?: 'engaged' | 'standby' | 'off' };
  objects?: ScenarioObject[];
  driver?: {
    handsOn?: { atS: number; value: boolean }[]; eyesOnRoad?: { atS: number; value: boolean }[]; brake?: { atS: number; value: boolean }[];
    engage?: { atS: number; value: boolean }[];
    respondsTo?: Partial<Record<string, DriverAction | DriverAction[]>>; reactionTimeS?: number; brakeMps2?: number;
  };
  sensors?: SensorSpec;
  expect?: Expectation;
  grid?: Record<string, (number | string | boolean)[]>;
  variants?: Record<string, number | string | boolean>[];
  /** Set only by the OpenSCENARIO importer (host/xosc): the compiled storyboard run each cycle. */
  storyboard?: StoryboardProgram;
}
export interface ScenarioFile { file: string; name: string; variants: Scenario[] }

export class ScenarioError extends Error {
  constructor(readonly file: string, readonly field: string, readonly reason: string) {
    super(`${file}: ${field || '(top level)'}: ${reason}`);
  }
}

// Compiled on first use: compiling costs ~0.1 s, which every CLI start would otherwise pay.
let compiled: ReturnType<Ajv2020['compile']> | null = null;
const validator = () => (compiled ??= new Ajv2020({ allErrors: false, strict: false }).compile(scenarioSchema));

function describe(error: ErrorObject): { field: string; reason: string } {
  const path = error.instancePath.replace(/^\//, '').replace(/\//g, '.');
  const p = error.params as Record<string, unknown>;
  if (error.keyword === 'additionalProperties') return { field: path ? `${path}.${p.additionalProperty}` : String(p.additionalProperty), reason: 'unknown field' };
  if (error.keyword === 'required') return { field: path ? `${path}.${p.missingProperty}` : String(p.missingProperty), reason: 'is required' };
  if (error.keyword === 'enum') return { field: path, reason: `must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}` };
  if (error.keyword === 'oneOf' && path.startsWith('objects')) return { field: path, reason: 'needs exactly one of xM or atTtcS' };
  return { field: path, reason: error.message ?? error.keyword };
}

/** Checks an already-parsed scenario; `file` is used in messages. */
export function checkScenario(data: unknown, file: string): Scenario {
  const validate = validator();
  if (!validate(data)) throw new ScenarioError(file, ...(Object.values(describe(validate.errors![0])) as [string, string]));
  const s = data as Scenario;
  const lanes = s.road.lanes;
  const laneField = (field: string, lane: number | undefined) => {
    if (lane !== undefined && lane >= lanes) throw new ScenarioError(file, field, `lane ${lane} does not exist on a ${lanes}-lane road`);
  };
  laneField('ego.lane', s.ego.lane);
  s.road.zones?.forEach((z, i) => {
    if (z.endM <= z.startM) throw new ScenarioError(file, `road.zones.${i}.endM`, 'must be greater than startM');
    laneField(`road.zones.${i}.closedLane`, z.closedLane);
    if ((z.kind === 'curve' || z.kind === 'crest') && z.radiusM === undefined) throw new ScenarioError(file, `road.zones.${i}.radiusM`, `is required for a ${z.kind}`);
    for (const field of ['announceDistM', 'mapErrorM'] as const) {
      if (z[field] !== undefined && z.kind !== 'construction') throw new ScenarioError(file, `road.zones.${i}.${field}`, 'applies to construction zones only');
    }
    if (z.sightClearanceM !== undefined && z.kind !== 'curve') throw new ScenarioError(file, `road.zones.${i}.sightClearanceM`, 'applies to curves only');
    if (z.kind === 'speedLimit' && z.speedLimitKph === undefined) throw new ScenarioError(file, `road.zones.${i}.speedLimitKph`, 'is required for a speedLimit zone');
  });
  const ids = new Set<string>();
  s.objects?.forEach((o, i) => {
    if (ids.has(o.id)) throw new ScenarioError(file, `objects.${i}.id`, `duplicate id "${o.id}"`);
    ids.add(o.id);
    laneField(`objects.${i}.lane`, o.lane);
    o.maneuvers?.forEach((m, j) => {
      laneField(`objects.${i}.maneuvers.${j}.laneChange`, m.laneChange);
      if (m.laneChange === undefined && m.accelMps2 === undefined) throw new ScenarioError(file, `objects.${i}.maneuvers.${j}`, 'needs laneChange or accelMps2');
    });
  });
  const inputNames = new Set<string>(INPUTS.map((x) => x.name));
  s.sensors?.faults?.forEach((f, i) => {
    if (!inputNames.has(f.signal)) throw new ScenarioError(file, `sensors.faults.${i}.signal`, `"${f.signal}" is not an input (see docs/signals.md)`);
  });
  const kinds = s.sensors?.ghosts?.kinds;
  if (kinds && new Set(kinds).size !== kinds.length) throw new ScenarioError(file, 'sensors.ghosts.kinds', 'lists a kind twice');
  return s;
}

function setPath(target: Record<string, unknown>, path: string, value: unknown, file: string): void {
  const keys = path.split('.');
  let node: Record<string, unknown> = target;
  for (const key of keys.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null) throw new ScenarioError(file, `grid/variants: ${path}`, `path does not exist in the scenario (at "${key}")`);
    node = node[key] as Record<string, unknown>;
  }
  node[keys[keys.length - 1]] = value;
}

type Assignment = { label: string; set: [string, unknown][] };

/** Expands `variants` × `grid` into one scenario per combination, named `<name>@<key>=<value>,…`. */
export function expandGrid(s: Scenario, file: string): Scenario[] {
  if (!s.grid && !s.variants) return [s];
  const short = (path: string) => path.split('.').slice(-2).join('.');
  let combos: Assignment[] = (s.variants ?? [{}]).map((v) => ({
    label: Object.entries(v).map(([k, x]) => `${short(k)}=${x}`).join(','), set: Object.entries(v),
  }));
  for (const [paths, values] of Object.entries(s.grid ?? {})) {
    combos = combos.flatMap((c) => values.map((value) => ({
      label: [c.label, `${short(paths.split(',')[0])}=${value}`].filter(Boolean).join(','),
      set: [...c.set, ...paths.split(',').map((p) => [p.trim(), value] as [string, unknown])],
    })));
  }
  return combos.map(({ label, set }) => {
    const copy = structuredClone({ ...s, grid: undefined, variants: undefined }) as unknown as Record<string, unknown>;
    for (const [path, value] of set) setPath(copy, path, value, file);
    copy.name = `${s.name}@${label}`;
    delete copy.grid;
    delete copy.variants;
    return checkScenario(copy, file);
  });
}

/** A parser's complaint in one line; YAML errors lead with their line and column. */
export function parseErrorReason(e: unknown): string {
  const pos = (e as { linePos?: { line: number; col: number }[] }).linePos?.[0];
  const first = (e as Error).message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
  return pos ? `line ${pos.line}, column ${pos.col}: ${first}` : first;
}

export function parseScenarioText(text: string, file: string): Scenario[] {
  let data: unknown;
  const ext = extname(file).toLowerCase();
  try {
    data = ext === '.yaml' || ext === '.yml' ? YAML.parse(text) : JSON.parse(text);
  } catch (e) {
    throw new ScenarioError(file, '', `not valid ${ext === '.json' ? 'JSON' : 'YAML'}: ${parseErrorReason(e)}`);
  }
  return expandGrid(checkScenario(data, file), file).map((v) => checkScenarioPhysics(v, file));
}

export function loadScenarioFile(path: string): ScenarioFile {
  let text: string;
  try {
    text = readInputFile(path).toString('utf8');
  } catch (e) {
    throw new ScenarioError(path, '', `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const variants = parseScenarioText(text, path);
  return { file: path, name: variants[0]?.name.split('@')[0] ?? basename(path), variants };
}
