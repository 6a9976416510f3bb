// One OpenSCENARIO scenario file (with parameter values) → a native Scenario whose objects are
// moved by the compiled storyboard. The 1-D simulator runs along the ego's road: native x is s
// measured from the ego's front bumper at t = 0, native lanes count from the rightmost lane
// driving the ego's way.
import { dirname, isAbsolute, resolve } from 'node:path';
import { checkScenario, type Scenario, type ScenarioObject } from '../sim/scenario.js';
import { CatalogIndex } from './catalogs.js';
import { egoControllerSettings, compileEntity } from './compile/entities.js';
import { resolveStateRefs, compileTrigger } from './compile/conditions.js';
import type { Ctx, EgoMode } from './compile/context.js';
import { compileInit, compileStories } from './compile/storyboard.js';
import { notSupported, refuse } from './errors.js';
import type { Value } from './expression.js';
import { loadOpenDrive, type OdrRoad } from './opendrive/road.js';
import { Attrs, Scope } from './parameters.js';
import type { StoryboardProgram, Trigger } from './runtime/program.js';
import { child, childrenNamed, type XmlNode } from './xml.js';

export interface ImportOptions {
  /** The entity the ECU drives (default: the first vehicle). */
  ego?: string;
  egoMode?: EgoMode;
  /** Sensor noise seed (the native format's sensors.seed). */
  seed?: number;
  /** Run length when the StopTrigger is not a plain simulation time [s]. */
  maxTimeS?: number;
}

export interface Imported { scenario: Scenario; notes: string[] }

const KPH_PER_MPS = 3.6;
/** km/h from m/s, rounded to 1e-9 km/h so "${50 / 3.6}" m/s comes back as exactly 50 km/h. */
const kph = (mps: number) => +(mps * KPH_PER_MPS).toFixed(9);

/** A condition group that is one SimulationTime condition bounds the run: the run length. */
function plainStopTime(stop: Trigger): number | null {
  let end: number | null = null;
  for (const group of stop ?? []) {
    if (group.length !== 1) continue;
    const c = group[0];
    if (c.test.kind !== 'time' || !['greaterThan', 'greaterOrEqual'].includes(c.test.rule)) continue;
    end = Math.min(end ?? Infinity, c.test.value + c.delayS);
  }
  return end;
}

function curveZones(road: OdrRoad | null, sOrigin: number): NonNullable<Scenario['road']['zones']> {
  if (!road) return [];
  const zones: NonNullable<Scenario['road']['zones']> = [];
  const stepM = 5;
  let start = -1, maxK = 0;
  for (let s = 0; s <= road.length + 1e-9; s += stepM) {
    const k = Math.abs(road.curvature(Math.min(s, road.length)));
    // A radius above 10 km is a straight road for a driver assistance system.
    if (k >= 1e-4 && s < road.length) { if (start < 0) { start = s; maxK = 0; } maxK = Math.max(maxK, k); }
    else if (start >= 0) { zones.push({ kind: 'curve', startM: start - sOrigin, endM: s - sOrigin, radiusM: Math.max(1 / maxK, 10) }); start = -1; }
  }
  return zones;
}

export function convertScenario(root: XmlNode, file: string, values: Map<string, Value>, opts: ImportOptions = {}): Imported {
  if (root.name !== 'OpenSCENARIO') refuse(root, 'not an OpenSCENARIO file (root element must be OpenSCENARIO)');
  const header = child(root, 'FileHeader');
  if (!header) refuse(root, 'needs a FileHeader');
  const major = Number(header.attrs.revMajor), minor = Number(header.attrs.revMinor);
  if (major !== 1 || !(minor >= 0 && minor <= 3)) notSupported(header, `OpenSCENARIO ${header.attrs.revMajor}.${header.attrs.revMinor} (1.0 to 1.3 are)`);
  for (const name of values.keys()) {
    const declared = childrenNamed(child(root, 'ParameterDeclarations') ?? root, 'ParameterDeclaration').some((d) => d.attrs.name === name);
    if (!declared) refuse(child(root, 'ParameterDeclarations') ?? root, `unknown parameter "${name}" (not declared at the top level)`);
  }
  const attrs = new Attrs(new Scope().declare(root, values));
  const dir = dirname(file);
  const catalogs = new CatalogIndex(root, dir, attrs);
  const network = child(root, 'RoadNetwork');
  const logic = network ? child(network, 'LogicFile') : undefined;
  const xodrPath = logic ? resolve(dir, attrs.str(logic, 'filepath')) : null;
  const odr = xodrPath ? loadOpenDrive(isAbsolute(xodrPath) ? xodrPath : resolve(xodrPath)) : null;
  const entitiesNode = child(root, 'Entities');
  if (!entitiesNode) refuse(root, 'needs Entities');
  const ctx: Ctx = {
    file, attrs, catalogs, road: null, xodrPath, entities: [], ego: -1, egoMode: opts.egoMode ?? 'aeb-only',
    elementNames: [], elementKinds: [], elementParents: [], stateRefs: [], notes: [], inInit: false,
  };
  for (const so of entitiesNode.children) {
    if (so.name !== 'ScenarioObject') notSupported(so, 'entity kind');
    ctx.entities.push(compileEntity(ctx, so));
  }
  ctx.ego = opts.ego !== undefined ? ctx.entities.findIndex((e) => e.name === opts.ego) : ctx.entities.findIndex((e) => e.kind === 'car' || e.kind === 'truck');
  if (ctx.ego < 0) refuse(entitiesNode, opts.ego !== undefined ? `--ego: no entity named "${opts.ego}" (have ${ctx.entities.map((e) => e.name).join(', ')})` : 'no vehicle to be the ego');
  const sb = child(root, 'Storyboard');
  if (!sb) refuse(root, 'needs a Storyboard');
  // The scenario runs along the road the ego starts on.
  const egoTeleport = (child(child(sb, 'Init') ?? sb, 'Actions')?.children ?? [])
    .find((p) => p.name === 'Private' && attrs.str(p, 'entityRef') === ctx.entities[ctx.ego].name);
  const lanePos = egoTeleport ? findDeep(egoTeleport, ['LanePosition', 'RoadPosition']) : undefined;
  ctx.road = odr ? (lanePos ? odr.road(attrs.str(lanePos, 'roadId'), lanePos) : odr.roads.values().next().value ?? null) : null;
  const init = compileInit(ctx, sb);
  const stories = compileStories(ctx, sb);
  const stop = compileTrigger(ctx, sb, 'StopTrigger');
  resolveStateRefs(ctx);
  return { scenario: build(ctx, root, file, init, stories, stop, opts), notes: ctx.notes };
}

function findDeep(node: XmlNode, names: string[]): XmlNode | undefined {
  if (names.includes(node.name)) return node;
  for (const c of node.children) { const f = findDeep(c, names); if (f) return f; }
  return undefined;
}

function build(ctx: Ctx, root: XmlNode, file: string, init: ReturnType<typeof compileInit>, stories: StoryboardProgram['stories'], stop: Trigger, opts: ImportOptions): Scenario {
  const ego = ctx.entities[ctx.ego];
  const road = ctx.road;
  if (ego.s === undefined || ego.t === undefined) refuse(ego.node, `the ego "${ego.name}" is never placed (Init TeleportAction)`);
  for (const e of ctx.entities) {
    if (e.s === undefined || e.t === undefined) refuse(e.node, `entity "${e.name}" is never placed (Init TeleportAction)`);
    if (e.moves && Math.cos(e.headingRel ?? 0) < 0.98) notSupported(e.node, `"${e.name}" moves but does not head along the ego's road direction (heading ${(e.headingRel ?? 0).toFixed(2)} rad): the simulation is one-dimensional`);
  }
  if (Math.cos(ego.headingRel ?? 0) < 0.98) notSupported(ego.node, 'the ego must head along its road (+s)');
  const egoS = ego.s, egoT = ego.t;
  const egoLaneId = road ? road.laneAt(ego.s, ego.t) : 0;
  const laneWidthM = Math.min(Math.max(road ? road.laneWidth(egoLaneId, ego.s) : 3.5, 2.5), 5);
  const sameWayRight = road ? road.laneIds(egoS).filter((id) => road.alongS(id) && road.laneType(id, egoS) === 'driving' && road.laneCentreT(id, egoS) < egoT - 0.1).length : 0;
  const egoY = sameWayRight * laneWidthM;
  const sOrigin = ego.s + ego.frontFromRefM;
  let objectIndex = 0;
  const objects: ScenarioObject[] = [];
  for (const e of ctx.entities) {
    if (e === ego) continue;
    const y = e.t! - ego.t + egoY;
    const lane = Math.min(Math.max(Math.round(y / laneWidthM), 0), 5);
    const offsetM = +(y - lane * laneWidthM).toFixed(9);
    if (Math.abs(offsetM) > 3) notSupported(e.node, `"${e.name}" is ${y.toFixed(1)} m to the side of the rightmost lane: outside the lanes the simulator models`);
    // A stationary object turned on the road covers its rotated footprint.
    const h = e.headingRel ?? 0;
    const length = e.frontFromRefM - e.rearFromRefM;
    const widthM = e.moves ? e.widthM : Math.abs(e.widthM * Math.cos(h)) + Math.abs(length * Math.sin(h));
    e.object = objectIndex++;
    objects.push({ id: e.name, kind: e.kind, xM: +(e.s! + e.rearFromRefM - sOrigin).toFixed(9), lane, offsetM, speedKph: kph(e.speedMps ?? 0), widthM: +Math.min(widthM, 5).toFixed(6) });
  }
  const lanes = Math.min(6, Math.max(...objects.map((o) => o.lane + 1), Math.round(egoY / laneWidthM) + 1 + (road ? road.laneIds(egoS).filter((id) => road.alongS(id) && road.laneType(id, egoS) === 'driving' && road.laneCentreT(id, egoS) > egoT + 0.1).length : 0)));
  const settings = egoControllerSettings(ctx, ego);
  const program: StoryboardProgram = {
    entities: ctx.entities.map(({ name, kind, object, frontFromRefM, rearFromRefM, widthM }) => ({ name, kind, object, frontFromRefM, rearFromRefM, widthM })),
    sOriginM: sOrigin, egoT: ego.t, egoY, road: { xodr: ctx.xodrPath, roadId: road?.id ?? '' },
    elementNames: ctx.elementNames, stories: init.story ? [init.story, ...stories] : stories, stop,
    parameters: {}, variables: {}, ecuCommandsApplied: ctx.egoMode !== 'hold',
  };
  for (const d of childrenNamed(child(root, 'ParameterDeclarations') ?? root, 'ParameterDeclaration')) program.parameters[d.attrs.name] = ctx.attrs.scope.get(d.attrs.name)!;
  const vars = new Attrs(new Scope(ctx.attrs.scope)).scope.declare(root, undefined, 'VariableDeclarations');
  for (const d of childrenNamed(child(root, 'VariableDeclarations') ?? root, 'VariableDeclaration')) program.variables[d.attrs.name] = vars.get(d.attrs.name)!;
  const header = child(root, 'FileHeader')!;
  const range = init.fogRangeM === null ? undefined : Math.min(Math.max(init.fogRangeM, 10), 300);
  const scenario: Scenario = {
    name: file.replace(/^.*[\\/]/, '').replace(/\.xosc$/i, ''),
    description: header.attrs.description,
    source: `OpenSCENARIO ${header.attrs.revMajor}.${header.attrs.revMinor}: ${file.replace(/^.*[\\/]/, '')}`,
    durationS: Math.min(plainStopTime(stop) ?? opts.maxTimeS ?? 60, 7200),
    road: { speedLimitKph: 130, lanes, laneWidthM, zones: curveZones(road, sOrigin) },
    ego: {
      speedKph: kph(ego.speedMps ?? 0), setSpeedKph: kph(settings.setSpeedMps ?? ego.speedMps ?? 0), lane: Math.round(egoY / laneWidthM),
      ...(settings.timeGapS !== undefined ? { timeGapS: settings.timeGapS } : {}), assist: ctx.egoMode === 'engaged' ? 'engaged' : 'off',
    },
    objects,
    sensors: { seed: opts.seed ?? 1, ...(range !== undefined ? { movingRangeM: range, stationaryRangeM: Math.min(range, 150) } : {}) },
  };
  if (scenario.road.zones!.length === 0) delete scenario.road.zones;
  const checked = checkScenario(scenario, file);
  checked.storyboard = program;
  return checked;
}
