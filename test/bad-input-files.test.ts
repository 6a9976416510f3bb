// Malformed scenario or calibration files: a message naming the file, the field and the reason; exit 1.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_INPUT_FILE_BYTES } from '../host/util/read-input-file.js';
import { hpa } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'hpa-bad-'));
const good = { name: 'ok', durationS: 5, road: { speedLimitKph: 100, lanes: 2 }, ego: { speedKph: 80 } };
function file(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

describe('bad scenario files', () => {
  it.each([
    ['missing field', { ...good, durationS: undefined }, 'durationS', 'is required'],
    ['wrong type', { ...good, durationS: 'long' }, 'durationS', 'must be number'],
    ['unknown field', { ...good, weather: 'rain' }, 'weather', 'unknown field'],
    ['bad enum', { ...good, objects: [{ id: 'x', kind: 'bus', xM: 10, lane: 0 }] }, 'objects.0.kind', 'must be one of'],
    ['lane off the road', { ...good, objects: [{ id: 'x', kind: 'car', xM: 10, lane: 3 }] }, 'objects.0.lane', 'does not exist'],
    ['zone ends before it starts', { ...good, road: { ...good.road, zones: [{ kind: 'construction', startM: 50, endM: 10 }] } }, 'road.zones.0.endM', 'greater than startM'],
    ['fault on an unknown signal', { ...good, sensors: { faults: [{ atS: 1, signal: 'radarMagic', value: 'NaN' }] } }, 'sensors.faults.0.signal', 'not an input'],
    ['negative speed', { ...good, ego: { speedKph: -5 } }, 'ego.speedKph', 'must be >= 0'],
  ])('%s', (_what, content, field, reason) => {
    const path = file(`${field}.json`, content);
    const r = hpa(['run', path, '--json']);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(path);
    expect(r.stderr).toContain(field);
    expect(r.stderr).toContain(reason);
  });

  it('broken JSON and YAML', () => {
    for (const [name, text] of [['broken.json', '{"name": '], ['broken.yaml', 'name: [unclosed']]) {
      const r = hpa(['run', file(name, text)]);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(new RegExp(`${name}: \\(top level\\): not valid (JSON|YAML)`));
    }
  });

  it('a missing file', () => {
    const r = hpa(['run', join(dir, 'nope.json')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('cannot read: ENOENT');
  });

  it('a valid YAML scenario runs', () => {
    const r = hpa(['run', file('ok.yaml', 'name: ok-yaml\ndurationS: 2\nroad: { speedLimitKph: 100, lanes: 2 }\nego: { speedKph: 80 }\n'), '--json']);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).cycles).toBe(200);
  });
});

describe('bad calibration files', () => {
  it.each([
    ['out of range', { horHandsOffS: 6 }, 'horHandsOffS', 'must be <= 5'],
    ['unknown parameter', { warpFactor: 9 }, 'warpFactor', 'unknown calibration parameter'],
    ['wrong table length', { accelMaxMps2: [1, 2] }, 'accelMaxMps2', 'must NOT have fewer than 4 items'],
  ])('%s', (_what, content, field, reason) => {
    const path = file(`cal-${field}.json`, content);
    const r = hpa(['run', 'steady-following', '--variant', '1.45', '--calibration', path, '--json']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(path);
    expect(r.stderr).toContain(field);
    expect(r.stderr).toContain(reason);
  });

  it('a valid calibration changes the behaviour', () => {
    const path = file('cal-ok.json', { horHandsOffS: 2 });
    const r = hpa(['run', 'dms-hands-off', '--calibration', path, '--json']);
    expect(r.status).toBe(0);
    const hor = JSON.parse(r.stdout).events.find((e: { type: string }) => e.type === 'hor');
    expect(hor.tS).toBeLessThanOrEqual(2 + 2.0);
  });
});

// Not a file at all: /dev/zero was read until memory ran out, a FIFO waited for a writer for ever,
// a huge file was read whole. Now one line with the reason, before anything is read.
describe('inputs that are not files, or far too large', () => {
  const fifo = join(dir, 'pipe.json');
  const huge = join(dir, 'huge.json');
  spawnSync('mkfifo', [fifo]);
  writeFileSync(huge, '');
  truncateSync(huge, MAX_INPUT_FILE_BYTES + 1); // sparse: no disk used
  it.each([
    [['run', '/dev/zero'], '/dev/zero: (top level): cannot read: a character device, not a file'],
    [['check', '/dev/zero'], '/dev/zero: (top level): cannot read: a character device, not a file'],
    [['run', 'steady-following', '-c', '/dev/zero'], '/dev/zero: (top level): cannot read: a character device, not a file'],
    [['sweep', 'steady-following', '--grid', '/dev/zero', '--out', join(dir, 'sweep.jsonl')], '/dev/zero: (top level): cannot read: a character device, not a file'],
    [['sweep', 'steady-following', '-p', 'calibration.fcwTtcS=1.5..2/2', '--out', '/dev/zero'], '--out /dev/zero: a character device, not a file'],
    [['run', fifo], `${fifo}: (top level): cannot read: a FIFO (named pipe), not a file`],
    [['run', huge], `${huge}: (top level): cannot read: 67,108,865 B; at most 67,108,864 B are read`],
    [['run', dir], `${dir}: (top level): cannot read: a directory, not a file`],
  ])('hpa %j', (args, line) => {
    const r = spawnSync(process.execPath, [join(import.meta.dirname, '../bin/hpa.js'), ...args], { encoding: 'utf8', timeout: 20_000 });
    expect(r.error).toBeUndefined(); // returned, not killed by the timeout
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([`hpa: ${line}`]);
  });
  it('a /proc file (size 0 reported, content there) is read, and judged as any other text', () => {
    const r = hpa(['run', '/proc/self/status']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('/proc/self/status: (top level): not valid YAML');
  });
});
