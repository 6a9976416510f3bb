// Folders the user names (--out <dir>, an OTA --dir): made level by level, refused in one line.
// Node's mkdirSync(path, { recursive: true }) never returns for a path under /proc (it retries the
// kernel's ENOENT for ever): `hpa ota init-root --out /proc/x`, `hpa ota status --dir /proc/x` and
// `hpa episode 1 --out /proc/x` spun at 100 % CPU until killed.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeDirs } from '../../host/util/make-dirs.js';

const hpa = (args: string[]) => spawnSync(process.execPath, [join(import.meta.dirname, '../../bin/hpa.js'), ...args], { encoding: 'utf8', timeout: 20_000, env: { ...process.env, HPA_SECURE_DIR: mkdtempSync(join(tmpdir(), 'hpa-sec-')) } });

describe('makeDirs', () => {
  it('makes nested folders (with a mode), and leaves existing ones', () => {
    const root = mkdtempSync(join(tmpdir(), 'hpa-dirs-'));
    makeDirs(join(root, 'a/b/c'), 0o700);
    expect(statSync(join(root, 'a/b/c')).isDirectory()).toBe(true);
    expect(statSync(join(root, 'a/b')).mode & 0o777).toBe(0o700);
    makeDirs(join(root, 'a/b/c'));
  });
  it('returns with Node\'s error code: under /proc (ENOENT), a file in the way (EEXIST), a file as a parent (ENOTDIR)', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'hpa-dirs-')), 'f');
    writeFileSync(file, '');
    expect(() => makeDirs('/proc/hpa-nope/x')).toThrow(expect.objectContaining({ code: 'ENOENT' }));
    expect(() => makeDirs(file)).toThrow(expect.objectContaining({ code: 'EEXIST' }));
    expect(() => makeDirs(join(file, 'sub'))).toThrow(expect.objectContaining({ code: 'ENOTDIR' }));
  });
});

describe('the CLI names the folder it cannot make, in one line, and returns', () => {
  it.each([
    [['ota', 'init-root', '--out', '/proc/hpa-nope'], 1, 'hpa: --out /proc/hpa-nope: cannot make folder /proc/hpa-nope (ENOENT: the file system does not allow it)'],
    [['ota', 'status', '--dir', '/proc/hpa-nope'], 2, 'hpa: /proc/hpa-nope: not usable as an OTA state directory (ENOENT)'],
    [['episode', '1', '--out', '/proc/hpa-nope'], 1, 'hpa: --out /proc/hpa-nope: cannot make folder /proc/hpa-nope (ENOENT: the file system does not allow it)'],
  ])('hpa %j', (args, code, line) => {
    const r = hpa(args);
    expect(r.error).toBeUndefined(); // not killed by the timeout
    expect(r.status).toBe(code);
    expect(r.stderr.trim().split('\n')).toEqual([line]);
  });
  it('hpa ota init-root --out <a file>: one line (was a stack trace)', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'hpa-dirs-')), 'f');
    writeFileSync(file, '');
    const r = hpa(['ota', 'init-root', '--out', file]);
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([`hpa: --out ${file}: is a file, not a folder`]);
  });
});
