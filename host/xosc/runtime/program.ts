// The compiled storyboard: plain JSON data (it travels inside a Scenario, survives cloning and
// worker threads). The compiler (host/xosc/compile) writes it; the runtime (storyboard.ts) runs it.
export type Rule = 'greaterThan' | 'lessThan' | 'equalTo' | 'greaterOrEqual' | 'lessOrEqual' | 'notEqualTo';
export type Measure = 'longitudinal' | 'lateral' | 'euclidean';
export type Shape = 'step' | 'linear' | 'cubic' | 'sinusoidal';
export type ScalarValue = number | string | boolean;

/** An entity's reference point relative to its bounding box, and which sim object it is (-1 = ego). */
export interface EntityInfo { name: string; kind: string; object: number; frontFromRefM: number; rearFromRefM: number; widthM: number }
export interface RoadPoint { s: number; t: number }

export type EntityTest =
  | { kind: 'ttc'; target: number | RoadPoint; freespace: boolean; measure: Measure; rule: Rule; value: number }
  | { kind: 'headway'; target: number; freespace: boolean; measure: Measure; rule: Rule; value: number }
  | { kind: 'relDistance'; target: number; freespace: boolean; measure: Measure; rule: Rule; value: number }
  | { kind: 'distance'; target: RoadPoint; freespace: boolean; measure: Measure; rule: Rule; value: number }
  | { kind: 'speed'; rule: Rule; value: number }
  | { kind: 'relSpeed'; target: number; rule: Rule; value: number }
  | { kind: 'accel'; rule: Rule; value: number }
  | { kind: 'collision'; target: number | { objectType: 'vehicle' | 'pedestrian' | 'miscellaneous' } }
  | { kind: 'reach'; target: RoadPoint; toleranceM: number }
  | { kind: 'standStill'; durationS: number }
  | { kind: 'traveled'; value: number };

export type Test =
  | { kind: 'time'; rule: Rule; value: number }
  | { kind: 'state'; element: number; state: string }
  | { kind: 'parameter' | 'variable'; name: string; rule: Rule; value: ScalarValue }
  | { kind: 'entity'; triggering: number[]; all: boolean; test: EntityTest };

export interface Condition { test: Test; delayS: number; edge: 'rising' | 'falling' | 'risingOrFalling' | 'none' }
/** OR of condition groups, each an AND; null = no trigger. */
export type Trigger = Condition[][] | null;

export interface Dynamics { shape: Shape; dimension: 'time' | 'rate' | 'distance'; value: number }
export type LaneTarget = { laneId: number } | { relativeTo: number; lanes: number };

export type ActionBody =
  | { kind: 'speed'; actor: number; dynamics: Dynamics; target: { absMps: number } | { entity: number; value: number; type: 'delta' | 'factor'; continuous: boolean } }
  | { kind: 'egoSetSpeed'; mps: number }
  | { kind: 'longDistance'; actor: number; target: number; distanceM?: number; timeGapS?: number; freespace: boolean; continuous: boolean; leading: boolean; maxAccel?: number; maxDecel?: number; maxSpeed?: number }
  | { kind: 'laneChange'; actor: number; target: LaneTarget; offsetM: number; dynamics: Dynamics }
  | { kind: 'laneOffset'; actor: number; offsetM: number; relativeTo?: number; shape: Shape; maxLatAccelMps2: number; continuous: boolean }
  | { kind: 'teleport'; actor: number; at: RoadPoint }
  | { kind: 'setValue'; store: 'parameter' | 'variable'; name: string; op: 'set' | 'add' | 'multiply'; value: ScalarValue }
  | { kind: 'none' };

export interface ActionDef { key: number; body: ActionBody }
export interface EventDef { key: number; priority: 'override' | 'parallel' | 'skip'; maxCount: number; start: Trigger; actions: ActionDef[] }
export interface ManeuverDef { key: number; events: EventDef[] }
export interface GroupDef { key: number; maneuvers: ManeuverDef[] }
export interface ActDef { key: number; start: Trigger; stop: Trigger; groups: GroupDef[] }
export interface StoryDef { key: number; acts: ActDef[] }

export interface LaneModel {
  /** The OpenDRIVE file and road the 1-D world lies along (null: no road network). */
  xodr: string | null;
  roadId: string;
}

export interface StoryboardProgram {
  entities: EntityInfo[];
  /** s of the native x origin (the ego's front bumper at t = 0) and the ego's lateral position t. */
  sOriginM: number;
  egoT: number;
  /** Native y of the ego (lane × lane width): native y = t − egoT + egoY. */
  egoY: number;
  road: LaneModel;
  elementNames: string[];
  stories: StoryDef[];
  stop: Trigger;
  parameters: Record<string, ScalarValue>;
  variables: Record<string, ScalarValue>;
  /** hold: the ECU runs and warns, but its commands are not applied (the driver holds speed). */
  ecuCommandsApplied: boolean;
}
