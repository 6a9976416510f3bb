// Attack class: endless data (issue 8, items 1 and 11). A package is never read before it is
// known to be a regular file of plausible size, and never beyond the signed length: a symlink to
// /dev/zero, a FIFO, a 3 GB sparse file and a directory are refused by name, at once, with the
// process's memory no higher than a run that reads nothing (an unbounded read of /dev/zero grows
// ~48 MB/s; a FIFO with no writer would block forever, so a passing test proves no read).
import { spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { memoryAuthority } from '../../host/ota/release/authority.js';
import { MAX_PACKAGE_BYTES, openPackageFile } from '../../host/ota/release/source.js';
import { verifyRelease } from '../../host/ota/release/verify.js';
import { OtaRefusal } from '../../host/ota/errors.js';
import { expectInstallRefused } from './attack-helpers.js';
import { makeFixture, must, hpa, provision, ROOT, SECURE_DIR, type OtaFixture } from './fixture.js';

let f: OtaFixture;
let dir: string;
const paths = {} as Record<'fifo' | 'zero' | 'sparse' | 'directory' | 'capped', string>;

beforeAll(async () => {
  f = await makeFixture();
  dir = await provision(f, join(f.tmp, 'vehicle'));
  paths.fifo = join(f.tmp, 'fifo.hpa');
  execFileSync('mkfifo', [paths.fifo]);
  paths.zero = join(f.tmp, 'zero.hpa');
  symlinkSync('/dev/zero', paths.zero);
  paths.sparse = join(f.tmp, 'sparse.hpa');
  writeFileSync(paths.sparse, '');
  truncateSync(paths.sparse, 3 * 1024 ** 3); // 3 GB, no blocks: `truncate -s 3G`
  paths.directory = join(f.tmp, 'directory.hpa');
  mkdirSync(paths.directory);
  // A header announcing a 3 GB metadata section, then nothing: the cap refuses it before reading.
  paths.capped = join(f.tmp, 'capped.hpa');
  writeFileSync(paths.capped, Buffer.concat([Buffer.from('HPAOTA02'), Buffer.from([0xc0, 0, 0, 0])]));
});

/** Max RSS (kB) of one CLI run, reported by the process itself at exit (process.resourceUsage). */
function maxRssKb(args: string[]): Promise<{ code: number | null; kb: number; stderr: string }> {
  const hook = join(f.tmp, 'maxrss.cjs');
  writeFileSync(hook, "process.on('exit', () => require('node:fs').writeSync(2, 'maxrss=' + process.resourceUsage().maxRSS + '\\n'));\n");
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--require', hook, join(ROOT, 'bin/hpa.js'), ...args], { cwd: ROOT, env: { ...process.env, HPA_SECURE_DIR: SECURE_DIR } });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, kb: Number(/maxrss=(\d+)/.exec(stderr)?.[1] ?? NaN), stderr }));
  });
}

describe('endless data: refused before reading, by name', () => {
  it.each([
    ['a symlink to /dev/zero', 'not-regular-file', 'zero'],
    ['a FIFO (no writer: a read would block for ever)', 'not-regular-file', 'fifo'],
    ['a directory (no EISDIR stack trace)', 'not-regular-file', 'directory'],
    ['a 3 GB sparse file (refused from its size, not read)', 'endless-data', 'sparse'],
    ['a header announcing a 3 GB metadata section', 'endless-data', 'capped'],
  ] as const)('%s ⇒ %s, state unchanged, one audit record', async (_n, attack, which) => {
    const r = await expectInstallRefused(dir, paths[which], attack);
    expect(r.stderr).toContain(paths[which]);
  });

  it('`hpa ota verify` refuses the same way', async () => {
    const r = await hpa(['ota', 'verify', paths.zero, '--dir', dir, '--json']);
    expect(r.code).toBe(26);
    expect(r.json).toMatchObject({ ok: false, error: 'not-regular-file' });
  });

  it('memory: refusing /dev/zero or 3 GB costs no more than a run that reads no package (≤ 64 MB for the read)', async () => {
    const base = await maxRssKb(['ota', 'status', '--dir', dir]);
    expect(base.code).toBe(0);
    for (const which of ['zero', 'sparse', 'fifo'] as const) {
      const r = await maxRssKb(['ota', 'verify', paths[which], '--dir', dir]);
      expect(r.code).not.toBe(0);
      // An unbounded read would add GBs; the bound is the 64 MB, far above run-to-run noise.
      expect(r.kb - base.kb).toBeLessThan(64 * 1024);
    }
  });

  it('the library call refuses without reading: the FIFO is opened non-blocking or not at all', () => {
    const ctx = { root: memoryAuthority().root, now: new Date(), hardwareId: 'XMA7000MBEVR2', installed: null };
    for (const which of ['fifo', 'zero', 'directory'] as const) {
      expect(() => verifyRelease(paths[which], ctx)).toThrow(OtaRefusal);
      try { verifyRelease(paths[which], ctx); } catch (e) { expect((e as OtaRefusal).attack).toBe('not-regular-file'); }
    }
    expect(() => openPackageFile(paths.sparse)).toThrow(`no package can exceed ${MAX_PACKAGE_BYTES} B`);
  });

  it('a genuine package still installs after all that', async () => {
    const r = await must(hpa(['ota', 'install', f.good, '--dir', dir, '--json', '--uptime-s', '2', '--trial-s', '1']));
    expect(r.json).toMatchObject({ ok: true, runningVersion: '1.1.0' });
  });
});
