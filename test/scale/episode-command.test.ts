// `hpa episode`: a validation report names an episode; the command writes it as a scenario file
// without running a validation, and `hpa run` replays it to the same outcome the validation counted.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EpisodeRunner } from '../../host/validate/episodes.js';

const hpa = (args: string[]) => spawnSync(process.execPath, [join(import.meta.dirname, '../../bin/hpa.js'), ...args], { encoding: 'utf8', timeout: 60_000 });

describe('hpa episode', () => {
  it('episode 15455 of seed 2030 (a collision a validation of 1.1.0 counts): written, replayed by hpa run to the same impact', () => {
    const counted = new EpisodeRunner('1.1.0').runBatch({ seed: 2030, first: 15455, count: 1, profile: 'attentive', conditions: 'mixed' });
    expect(counted.collisions).toBe(1);
    const dir = mkdtempSync(join(tmpdir(), 'hpa-episode-'));
    const written = hpa(['episode', '15455', '--seed', '2030', '--out', dir]);
    expect(written.status).toBe(0);
    const file = join(dir, 'validate-s2030-e15455.json');
    expect(written.stdout.trim()).toBe(file);
    const run = hpa(['run', file, '-f', '1.1.0', '--json']);
    expect(run.status).toBe(0);
    const r = JSON.parse(run.stdout);
    expect(r.collision).toBe(true);
    expect(r.collidedWith).toBe('debris');
    expect(r.impactSpeedKph).toBe(counted.failed[0].impactSpeedKph);
    // It carries what validation counts as a failure, so `hpa test` fails it too.
    expect(JSON.parse(readFileSync(file, 'utf8')).expect).toEqual({ collision: false, maxPhantomBrakes: 0 });
    expect(hpa(['test', file, '-f', '1.1.0']).status).toBe(1);
  });

  it('one episode without --out is printed; the driver and conditions are the validation\'s', () => {
    const printed = hpa(['episode', '7', '--seed', '7']);
    expect(printed.status).toBe(0);
    const attentive = JSON.parse(printed.stdout);
    expect(attentive.name).toBe('validate-s7-e7');
    const mixed = JSON.parse(hpa(['episode', '7', '--seed', '7', '--driver', 'mixed']).stdout);
    const clear = JSON.parse(hpa(['episode', '7', '--seed', '7', '--conditions', 'clear']).stdout);
    expect(mixed).not.toEqual(attentive);
    expect(clear).not.toEqual(attentive);
  });

  it('an --out that cannot be a folder is refused in one line before anything runs (was a stack trace; under /proc Node\'s mkdir never returned)', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'hpa-episode-')), 'a-file');
    writeFileSync(file, 'x');
    for (const args of [['episode', '1', '--out', file], ['validate', '--km', '200000', '-f', '1.1.0', '--out', file]]) {
      const r = hpa(args);
      expect(r.status).toBe(1);
      expect(r.stderr.trim().split('\n')).toEqual([`hpa: --out ${file}: is a file, not a folder`]);
    }
    expect(hpa(['episode', '1', '--out', join(file, 'sub')]).stderr.trim()).toBe(`hpa: --out ${join(file, 'sub')}: a part of the path is not a folder`);
    const proc = hpa(['episode', '1', '--out', '/proc/hpa-nope/x']);
    expect(proc.status).toBe(1);
    expect(proc.stderr.trim()).toBe('hpa: --out /proc/hpa-nope/x: cannot make folder /proc/hpa-nope (ENOENT: the file system does not allow it)');
  });

  it.each([
    [['episode', 'x1'], /^hpa: episode "x1" is not an integer/],
    [['episode', '1', '2'], /^hpa: 2 episodes need --out <dir>/],
    [['episode', '1', '--seed', '-3'], /^hpa: --seed: "-3" is not an integer/],
    [['episode', '1', '--conditions', 'snow'], /^hpa: --conditions: "snow" is not mixed or clear/],
  ])('hpa %j: one line, exit 1', (args, message) => {
    const r = hpa(args);
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });
});
