// The team's OpenSCENARIO encodings of the Euro NCAP CCRs/CCRm/CCRb grids (scenarios/xosc/) give
// the same results as the shipped native scenarios (scenarios/euro-ncap-ccr*.json) on the same
// firmware: same grid points, same collision verdict, impact speed and minimum gap when run for
// the same time (ProtocolEnd=false: the native files run their whole duration), and the same
// collision verdict and impact speed when the encodings end where the protocol ends a run.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCENARIO_DIR } from '../../host/sim/library.js';
import { runScenario } from '../../host/sim/run.js';
import type { Scenario } from '../../host/sim/scenario.js';
import { loadScenarioAny, type EgoMode } from '../../host/xosc/load.js';
import { shipped } from '../helpers.js';

const MODE_OF_ASSIST: Record<string, EgoMode | undefined> = { engaged: 'engaged', off: 'aeb-only' };

/** What identifies a grid point in both formats: speeds, start gap, target deceleration. */
function key(s: Scenario): string {
  const o = s.objects![0];
  const gapM = o.xM ?? (o.atTtcS ?? 0) * Math.max(s.ego.speedKph - (o.speedKph ?? 0), 0) / 3.6;
  const nativeDecel = o.maneuvers?.[0]?.accelMps2;
  const speedAction = s.storyboard?.stories.flatMap((st) => st.acts.flatMap((a) => a.groups.flatMap((g) => g.maneuvers.flatMap((m) => m.events.flatMap((e) => e.actions)))))
    .map((a) => a.body).find((b) => b.kind === 'speed');
  const xoscDecel = speedAction?.kind === 'speed' ? -Math.abs(speedAction.dynamics.value) : undefined;
  return `ego ${s.ego.speedKph} km/h, target ${o.speedKph} km/h, gap ${gapM.toFixed(3)} m, target accel ${nativeDecel ?? xoscDecel ?? 0} m/s²`;
}

const grids: [string, string, number][] = [
  ['euro-ncap-ccrs.json', 'euro-ncap-ccrs.xosc', 15],
  ['euro-ncap-ccrm.json', 'euro-ncap-ccrm.xosc', 16],
  ['euro-ncap-ccrb.json', 'euro-ncap-ccrb.xosc', 4],
];

for (const [json, xosc, points] of grids) {
  describe(`${xosc} ≡ ${json}`, () => {
    const native = shipped(json);
    const seed = native[0].sensors?.seed;
    const load = (egoMode: EgoMode, protocolEnd = false) =>
      loadScenarioAny(join(SCENARIO_DIR, 'xosc', xosc), { egoMode, seed, parameters: new Map([['ProtocolEnd', String(protocolEnd)]]) }).variants;

    it(`has the protocol's ${points} grid points, the same as the native file`, () => {
      expect(load('aeb-only')).toHaveLength(points);
      expect(load('aeb-only').map(key).sort()).toEqual(native.map(key).sort());
    });

    // The shipped file's own assist setting, and the protocol's condition (pilot off, passive driver).
    const modes: [string, EgoMode][] = [['off', 'aeb-only']];
    const own = MODE_OF_ASSIST[native[0].ego.assist ?? 'engaged'];
    if (own && own !== 'aeb-only') modes.push([native[0].ego.assist ?? 'engaged', own]);
    for (const [assist, mode] of modes) {
      const imported = load(mode), protocol = load(mode, true);
      for (const firmware of ['1.1.0', '1.0.0']) {
        it.each(native.map((s) => [key(s), s] as [string, Scenario]))(`${firmware}, assist ${assist} / --ego-mode ${mode}: %s gives the same collision, impact speed and minimum gap`, (k, s) => {
          const a = runScenario({ ...s, ego: { ...s.ego, assist: assist as 'off' | 'engaged' } }, { firmware });
          const b = runScenario(imported.find((x) => key(x) === k)!, { firmware });
          expect({ collision: b.collision, impactSpeedKph: b.impactSpeedKph, minGapM: b.minGapM }).toEqual({ collision: a.collision, impactSpeedKph: a.impactSpeedKph, minGapM: a.minGapM });
          const c = runScenario(protocol.find((x) => key(x) === k)!, { firmware });
          expect({ collision: c.collision, impactSpeedKph: c.impactSpeedKph }, 'ended where the protocol ends a run').toEqual({ collision: a.collision, impactSpeedKph: a.impactSpeedKph });
        });
      }
    }
  });
}
