// Bad perception options in a scenario file: one line naming the file, the field and the reason; exit 1.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hpa } from '../helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'hpa-bad-perception-'));
const good = { name: 'ok', durationS: 2, road: { speedLimitKph: 100, lanes: 2 }, ego: { speedKph: 80 } };
const withSensors = (sensors: object) => ({ ...good, sensors });
const withZone = (zone: object) => ({ ...good, road: { ...good.road, zones: [zone] } });

describe('bad perception fields in scenario files', () => {
  it.each([
    ['unknown weather', withSensors({ weather: 'snow' }), 'sensors.weather', 'must be one of'],
    ['visibility of zero', withSensors({ weather: 'fog', visibilityM: 0 }), 'sensors.visibilityM', 'must be >= 10'],
    ['negative ghost rate', withSensors({ ghosts: { perKm: -1 } }), 'sensors.ghosts.perKm', 'must be >= 0'],
    ['unknown ghost kind', withSensors({ ghosts: { kinds: ['ufo'] } }), 'sensors.ghosts.kinds.0', 'must be one of'],
    ['ghost kind twice', withSensors({ ghosts: { kinds: ['sign', 'sign'] } }), 'sensors.ghosts.kinds', 'lists a kind twice'],
    ['misclassification rate above 1', withSensors({ misclassification: { rate: 1.5 } }), 'sensors.misclassification.rate', 'must be <= 1'],
    ['unknown object kind in detectRangeM', withSensors({ detectRangeM: { bus: 100 } }), 'sensors.detectRangeM.bus', 'unknown field'],
    ['noise growth out of range', withSensors({ distNoisePerM: 0.5 }), 'sensors.distNoisePerM', 'must be <= 0.05'],
    ['self-report bias below −90 %', withSensors({ selfReport: { bias: -1 } }), 'sensors.selfReport.bias', 'must be >= -0.9'],
    ['tracker confirmation not an integer', withSensors({ tracker: { confirmCycles: 2.5 } }), 'sensors.tracker.confirmCycles', 'must be integer'],
    ['unknown occlusion option', withSensors({ occlusion: { xray: true } }), 'sensors.occlusion.xray', 'unknown field'],
    ['crest without a radius', withZone({ kind: 'crest', startM: 100, endM: 300 }), 'road.zones.0.radiusM', 'is required for a crest'],
    ['late announcement on a curve', withZone({ kind: 'curve', startM: 100, endM: 300, radiusM: 500, announceDistM: 100 }), 'road.zones.0.announceDistM', 'construction zones only'],
    ['sight clearance on a construction zone', withZone({ kind: 'construction', startM: 100, endM: 300, sightClearanceM: 4 }), 'road.zones.0.sightClearanceM', 'curves only'],
  ])('%s', (_what, content, field, reason) => {
    const path = join(dir, `${field}.json`);
    writeFileSync(path, JSON.stringify(content));
    const r = hpa(['run', path, '--json']);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(path);
    expect(r.stderr).toContain(field);
    expect(r.stderr).toContain(reason);
  });

  it('a scenario using every perception option runs', () => {
    const path = join(dir, 'all-options.json');
    writeFileSync(path, JSON.stringify({
      ...withZone({ kind: 'construction', startM: 500, endM: 800, closedLane: 0, announceDistM: 300, mapErrorM: -20 }),
      sensors: {
        seed: 3, weather: 'fog', visibilityM: 120, detectRangeM: { cone: 60 }, distNoisePerM: 0.003, speedNoisePerM: 0.001,
        tracker: { confirmCycles: 4, stationaryConfirmS: 0.4, coastCycles: 5, accelTimeConstantS: 0.5 },
        misclassification: { rate: 0.3, beyondFraction: 0.6, asKind: 'car' }, occlusion: { enabled: true, hiddenAboveCoveredFraction: 0.6 },
        ghosts: { perKm: 2, kinds: ['gantry', 'manhole'], reportedAs: 'truck' }, selfReport: { forKind: 'cone', bias: 0.2 },
      },
    }));
    const r = hpa(['run', path, '--json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toHaveProperty('phantomBrakes');
  });
});
