// What an imported scenario becomes: entities from catalogs with their parameter assignments and
// bounding boxes, positions on the road, the ego's entry speed and mode, fog as a sensor range.
import { describe, expect, it } from 'vitest';
import { Ecu } from '../../host/ecu/ecu.js';
import { EcuController } from '../../host/runner/controller.js';
import { runScenario } from '../../host/sim/run.js';
import { Simulation } from '../../host/sim/simulation.js';
import { loadScenarioAny } from '../../host/xosc/load.js';
import { atTime, car, event, speed, stopAt, story, teleport, writeFiles, xosc, type Parts } from './compose.js';

const load = (p: Parts, opts: Parameters<typeof loadScenarioAny>[1] = {}) => loadScenarioAny(writeFiles({ 's.xosc': xosc(p) }), opts);

describe('entities and catalogs', () => {
  it('a catalog entry takes the reference\'s ParameterAssignments (width 2.2 m instead of the declared 1.8 m)', () => {
    const entities = car('Ego') + '<ScenarioObject name="Lead"><CatalogReference catalogName="VehicleCatalog" entryName="car"><ParameterAssignments><ParameterAssignment parameterRef="Width" value="2.2"/></ParameterAssignments></CatalogReference></ScenarioObject>';
    const [s] = load({ entities }).variants;
    expect(s.objects![0].widthM).toBe(2.2);
  });
  it('a truck stays a truck; a narrow MiscObject is a cone, a wide one a barrier', () => {
    const misc = (name: string, w: number) => `<ScenarioObject name="${name}"><MiscObject name="${name}" miscObjectCategory="obstacle" mass="10"><BoundingBox><Center x="0" y="0" z="0.5"/><Dimensions width="${w}" length="0.3" height="1"/></BoundingBox><Properties/></MiscObject></ScenarioObject>`;
    const entities = car('Ego') + '<ScenarioObject name="T"><CatalogReference catalogName="VehicleCatalog" entryName="truck"/></ScenarioObject>' + misc('Cone', 0.3) + misc('Wall', 2);
    const init = `<Private entityRef="Ego">${teleport(-1, 50)}${speed(20)}</Private><Private entityRef="T">${teleport(-2, 100)}</Private><Private entityRef="Cone">${teleport(-1, 200)}</Private><Private entityRef="Wall">${teleport(-1, 300)}</Private>`;
    const [s] = load({ entities, init }).variants;
    expect(s.objects!.map((o) => o.kind)).toEqual(['truck', 'cone', 'barrier']);
  });
  it('an unknown catalog entry is refused with the element and the reason', () => {
    const entities = car('Ego') + '<ScenarioObject name="Lead"><CatalogReference catalogName="VehicleCatalog" entryName="bus"/></ScenarioObject>';
    expect(() => load({ entities })).toThrow(/\/OpenSCENARIO\/Entities\/ScenarioObject\/CatalogReference \(line \d+\): unresolvable catalog reference: catalog "VehicleCatalog" has no entry "bus"/);
  });
  it('a maneuver from a catalog runs with its assigned parameters', () => {
    const entities = car('Ego') + car('Cutter');
    const init = `<Private entityRef="Ego">${teleport(-1, 50)}${speed(20)}</Private><Private entityRef="Cutter">${teleport(-2, 30)}${speed(25)}</Private>`;
    const stories = '<Story name="S"><Act name="A"><ManeuverGroup name="G" maximumExecutionCount="1"><Actors selectTriggeringEntities="false"><EntityRef entityRef="Cutter"/></Actors><CatalogReference catalogName="ManeuverCatalog" entryName="cut-in"><ParameterAssignments><ParameterAssignment parameterRef="Headway" value="0.5"/></ParameterAssignments></CatalogReference></ManeuverGroup></Act></Story>';
    const [s] = load({ entities, init, stories, stop: stopAt(20) }).variants;
    const sim = new Simulation(s, new EcuController(Ecu.load('1.1.0')));
    const y0 = sim.objects[0].yM;
    let cutAtS: number | null = null;
    while (!sim.done) {
      sim.step();
      if (cutAtS === null && Math.abs(sim.objects[0].yM - y0) > 1e-9) cutAtS = sim.tS;
    }
    // Freespace gap ego front → cutter rear = (30 − 0.85 + 25 t) − (50 + 3.65 + 20 t) = 5 t − 24.5 m;
    // a headway of 0.5 s at 20 m/s is 10 m: t > 6.9 s (the catalog's default 1.0 s would give 8.9 s).
    expect(cutAtS).toBeGreaterThan(6.9);
    expect(cutAtS).toBeLessThan(7.0);
    expect(sim.objects[0].yM).toBeCloseTo(sim.ego.yM, 9);
  });
});

describe('placement', () => {
  it("native x is s from the ego's front bumper; an object's x is its rear", () => {
    const [s] = load({}).variants;
    // Ego reference point s 50, front 1.4 + 2.25 ahead; Lead reference s 150, rear 0.85 behind it.
    expect(s.objects![0].xM).toBeCloseTo(150 - 0.85 - (50 + 3.65), 9);
  });
  it('lanes: the rightmost lane driving the ego\'s way is lane 0', () => {
    const init = `<Private entityRef="Ego">${teleport(-1, 50)}${speed(20)}</Private><Private entityRef="Lead">${teleport(-2, 150)}${speed(10)}</Private>`;
    const [s] = load({ init }).variants;
    expect(s.ego.lane).toBe(1);
    expect(s.objects![0].lane).toBe(0);
    expect(s.road.laneWidthM).toBe(3.5);
  });
  it('RelativeLanePosition and RelativeObjectPosition place relative to an entity placed before', () => {
    const rel = (p: string) => `<Private entityRef="Ego">${teleport(-1, 50)}${speed(20)}</Private><Private entityRef="Lead"><PrivateAction><TeleportAction><Position>${p}</Position></TeleportAction></PrivateAction></Private>`;
    const [a] = load({ init: rel('<RelativeLanePosition entityRef="Ego" dLane="-1" ds="30" offset="0"/>') }).variants;
    expect(a.objects![0].lane).toBe(0);
    expect(a.objects![0].xM).toBeCloseTo(30 - 3.65 - 0.85, 9);
    const [b] = load({ init: rel('<RelativeObjectPosition entityRef="Ego" dx="40" dy="0"/>') }).variants;
    expect(b.objects![0].lane).toBe(1);
    expect(b.objects![0].xM).toBeCloseTo(40 - 3.65 - 0.85, 9);
  });
  it('WorldPosition is projected onto the road', () => {
    const init = `<Private entityRef="Ego">${teleport(-1, 50)}${speed(20)}</Private><Private entityRef="Lead"><PrivateAction><TeleportAction><Position><WorldPosition x="120" y="-5.25" h="0"/></Position></TeleportAction></PrivateAction></Private>`;
    const [s] = load({ init }).variants;
    expect(s.objects![0].lane).toBe(0);
    expect(s.objects![0].xM).toBeCloseTo(120 - 0.85 - 53.65, 6);
  });
});

describe('the ego', () => {
  const stopped = `<Private entityRef="Ego">${teleport(-1, 50)}${speed('${72 / 3.6}')}</Private><Private entityRef="Lead">${teleport(-1, 120)}${speed(0)}</Private>`;
  it('its Init speed is the entry speed (and the set speed)', () => {
    const [s] = load({ init: stopped }, { egoMode: 'engaged' }).variants;
    expect(s.ego.speedKph).toBe(72);
    expect(s.ego.setSpeedKph).toBe(72);
    expect(s.ego.assist).toBe('engaged');
  });
  it('aeb-only (default): the pilot is off, the ECU still brakes for a stopped car and avoids it', () => {
    const [s] = load({ init: stopped }).variants;
    expect(s.ego.assist).toBe('off');
    const r = runScenario(s, { firmware: '1.1.0' });
    expect(r.collision).toBe(false);
    expect(r.finalSpeedKph).toBeLessThan(5);
  });
  it('hold: the ECU warns but its commands are not applied — the car hits the stopped car at its entry speed', () => {
    const [s] = load({ init: stopped }, { egoMode: 'hold' }).variants;
    const r = runScenario(s, { firmware: '1.1.0' });
    expect(r.collision).toBe(true);
    expect(r.impactSpeedKph).toBeCloseTo(72, 6);
    expect(r.events.some((e) => e.type === 'fcw')).toBe(true);
  });
  it('--ego picks another vehicle', () => {
    const [s] = load({}, { ego: 'Lead' }).variants;
    expect(s.ego.speedKph).toBe(36);
    expect(s.objects![0].id).toBe('Ego');
  });
  it('a SpeedAction on the ego with the pilot engaged changes the set speed', () => {
    const stories = story('Ego', event('Slower', speed(10), atTime(1)));
    const init = `<Private entityRef="Ego">${teleport(-1, 50)}${speed(20)}</Private><Private entityRef="Lead">${teleport(-2, 900)}${speed(30)}</Private>`;
    const [s] = load({ init, stories }, { egoMode: 'engaged' }).variants;
    const r = runScenario(s, { firmware: '1.1.0' });
    expect(r.finalSpeedKph).toBeLessThan(72 - 10);
  });
});

describe('determinism', () => {
  it('the same file, firmware and seed give bit-identical results', () => {
    const path = writeFiles({ 's.xosc': xosc({ stories: story('Lead', event('Brake', speed(0), atTime(2))) }) });
    const run = () => runScenario(loadScenarioAny(path, { seed: 5 }).variants[0], { firmware: '1.1.0', trace: true });
    expect(run()).toEqual(run());
  });
});

describe('environment', () => {
  it('fog caps the sensor ranges at its visual range; what is not modelled is reported', () => {
    const init = `<GlobalAction><EnvironmentAction><CatalogReference catalogName="EnvironmentCatalog" entryName="fog"><ParameterAssignments><ParameterAssignment parameterRef="VisualRange" value="60"/></ParameterAssignments></CatalogReference></EnvironmentAction></GlobalAction><Private entityRef="Ego">${teleport(-1, 50)}${speed(20)}</Private><Private entityRef="Lead">${teleport(-1, 150)}${speed(10)}</Private>`;
    const f = load({ init });
    expect(f.variants[0].sensors).toMatchObject({ movingRangeM: 60, stationaryRangeM: 60 });
  });
});
