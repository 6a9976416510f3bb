// Physical sense of a scenario after its grid is expanded: refuses set-ups that cannot happen
// (an object inside the ego at t = 0, a time to collision with no closing speed). The schema
// checks each field alone; these rules read several.
import { Road, SimObject, KPH, type Ego } from './world.js';
import { ScenarioError, type Scenario } from './scenario.js';

/** The ego occupies [-EGO_LENGTH_M, 0] along the road at t = 0 (front bumper at 0; the SU7 is 5.0 m long). */
export const EGO_LENGTH_M = 5.0;

export function checkScenarioPhysics(s: Scenario, file: string): Scenario {
  const road = new Road(s.road);
  const egoSpeedMps = s.ego.speedKph * KPH;
  const ego: Ego = { xM: 0, yM: (s.ego.lane ?? 0) * road.laneWidthM, speedMps: egoSpeedMps, accelMps2: 0 };
  const where = s.name.includes('@') ? ` (variant ${s.name})` : '';
  (s.objects ?? []).forEach((spec, i) => {
    if (spec.atTtcS !== undefined) {
      const objectKph = spec.speedKph ?? 0;
      if (!(s.ego.speedKph > objectKph)) {
        throw new ScenarioError(file, `objects.${i}.atTtcS`, `no closing speed: the ego (${s.ego.speedKph} km/h) is not faster than "${spec.id}" (${objectKph} km/h), so no time to collision exists${where}`);
      }
    }
    const o = new SimObject(spec, road.laneWidthM, egoSpeedMps);
    const rearM = o.xM, frontM = o.xM + o.lengthM;
    if (o.overlaps(ego) && rearM <= 0 && frontM > -EGO_LENGTH_M) {
      throw new ScenarioError(file, `objects.${i}.${spec.xM !== undefined ? 'xM' : 'atTtcS'}`,
        `"${spec.id}" overlaps the ego at t = 0 (it spans ${rearM.toFixed(1)} … ${frontM.toFixed(1)} m, the ego ${-EGO_LENGTH_M} … 0 m, in the same lane)${where}`);
    }
  });
  return s;
}
