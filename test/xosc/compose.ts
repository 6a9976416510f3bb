// Builds small OpenSCENARIO files for the tests from the parts under test (ASAM OSC 1.2 layout).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'xosc');
export const STRAIGHT = join(FIXTURES, 'roads', 'straight-2-lanes.xodr');

export interface Parts { params?: string; entities?: string; init?: string; stories?: string; stop?: string; road?: string; header?: string; variables?: string }

const car = (name: string, extra = '') =>
  `<ScenarioObject name="${name}"><CatalogReference catalogName="VehicleCatalog" entryName="car"/>${extra}</ScenarioObject>`;

export const lanePos = (lane: number, s: number | string, offset = 0) =>
  `<Position><LanePosition roadId="1" laneId="${lane}" offset="${offset}" s="${s}"/></Position>`;
export const teleport = (lane: number, s: number | string) => `<PrivateAction><TeleportAction>${lanePos(lane, s)}</TeleportAction></PrivateAction>`;
export const speed = (mps: number | string) =>
  `<PrivateAction><LongitudinalAction><SpeedAction><SpeedActionDynamics dynamicsShape="step" dynamicsDimension="time" value="0"/><SpeedActionTarget><AbsoluteTargetSpeed value="${mps}"/></SpeedActionTarget></SpeedAction></LongitudinalAction></PrivateAction>`;
export const atTime = (t: number | string, rule = 'greaterOrEqual') =>
  `<StartTrigger><ConditionGroup><Condition name="t" delay="0" conditionEdge="none"><ByValueCondition><SimulationTimeCondition value="${t}" rule="${rule}"/></ByValueCondition></Condition></ConditionGroup></StartTrigger>`;

/** One story, one act, one maneuver group for `actor`, one maneuver holding `events`. */
export const story = (actor: string, events: string, act = '') =>
  `<Story name="S"><Act name="A"><ManeuverGroup name="G" maximumExecutionCount="1"><Actors selectTriggeringEntities="false"><EntityRef entityRef="${actor}"/></Actors><Maneuver name="M">${events}</Maneuver></ManeuverGroup>${act}</Act></Story>`;
export const event = (name: string, action: string, trigger = '', priority = 'override', extra = '') =>
  `<Event name="${name}" priority="${priority}"${extra}><Action name="${name}Action">${action}</Action>${trigger}</Event>`;
export const stopAt = (t: number) =>
  `<StopTrigger><ConditionGroup><Condition name="end" delay="0" conditionEdge="none"><ByValueCondition><SimulationTimeCondition value="${t}" rule="greaterOrEqual"/></ByValueCondition></Condition></ConditionGroup></StopTrigger>`;

export function xosc(p: Parts = {}): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<OpenSCENARIO>
  ${p.header ?? '<FileHeader revMajor="1" revMinor="2" date="2026-11-27T00:00:00" description="test" author="HPA-ECU team"/>'}
  <ParameterDeclarations>${p.params ?? ''}</ParameterDeclarations>
  ${p.variables ?? ''}
  <CatalogLocations>
    <VehicleCatalog><Directory path="${join(FIXTURES, 'catalogs', 'vehicles')}"/></VehicleCatalog>
    <ManeuverCatalog><Directory path="${join(FIXTURES, 'catalogs', 'maneuvers')}"/></ManeuverCatalog>
    <EnvironmentCatalog><Directory path="${join(FIXTURES, 'catalogs', 'environments')}"/></EnvironmentCatalog>
  </CatalogLocations>
  <RoadNetwork><LogicFile filepath="${p.road ?? STRAIGHT}"/></RoadNetwork>
  <Entities>${p.entities ?? car('Ego') + car('Lead')}</Entities>
  <Storyboard>
    <Init><Actions>${p.init ?? `<Private entityRef="Ego">${teleport(-1, 50)}${speed(20)}</Private><Private entityRef="Lead">${teleport(-1, 150)}${speed(10)}</Private>`}</Actions></Init>
    ${p.stories ?? ''}
    ${p.stop ?? stopAt(10)}
  </Storyboard>
</OpenSCENARIO>
`;
}

export { car };

/** Writes files into a fresh temporary folder; returns the path of the first. */
export function writeFiles(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'hpa-xosc-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return join(dir, Object.keys(files)[0]);
}
