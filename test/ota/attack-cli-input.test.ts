// Bad command-line input to the OTA commands (issue 8 adversarial pass): each is one line
// `hpa: …`, a non-zero exit and no stack trace, before anything is written. An unparsable
// `--now` once passed every expiry check (NaN compares false); a state directory that is a file
// once crashed every command with EEXIST.
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hpa, UPDATER, type CliResult } from './fixture.js';

const tmp = mkdtempSync(join(tmpdir(), 'hpa-ota-cli-'));

function expectOneLine(r: CliResult, code: number, message: RegExp): void {
  expect(r.code, r.stderr).toBe(code);
  expect(r.stderr).toMatch(message);
  expect(r.stderr.trim().split('\n')).toHaveLength(1); // one line, no stack trace
}

describe.concurrent('bad input to `hpa ota …`: one line, exit ≠ 0, nothing written', () => {
  it.each([['install'], ['verify']])('%s --now notadate ⇒ exit 1 before the device is opened', async (cmd) => {
    const dir = join(tmp, `now-${cmd}`);
    // `verify` lives in the full CLI (commands/ota.ts), `install` in the updater too.
    const r = await hpa(['ota', cmd, join(tmp, 'any.hpa'), '--dir', dir, '--now', 'notadate'], cmd === 'verify' ? {} : { entry: UPDATER });
    expectOneLine(r, 1, /^hpa: --now: "notadate" is not a date$/m);
    expect(existsSync(dir)).toBe(false);
  });

  it('pack --now notadate ⇒ exit 1, no package written', async () => {
    const out = join(tmp, 'never.hpa');
    const r = await hpa(['ota', 'pack', '1.1.0', '--release-counter', '2', '--hardware', 'XMA7000MBEVR2', '--category', 'non-technical', '--expires', '2030-01-01',
      '--key', 'k', '--snapshot-key', 'k', '--timestamp-key', 'k', '--now', 'notadate', '-o', out], { entry: UPDATER });
    expectOneLine(r, 1, /^hpa: --now: "notadate" is not a date$/m);
    expect(existsSync(out)).toBe(false);
  });

  it.each([['status'], ['boot'], ['install']])('%s --dir <a file> ⇒ bad-dir (2), the file untouched', async (cmd) => {
    const file = join(tmp, `state-is-a-file-${cmd}`);
    writeFileSync(file, 'not a directory');
    const r = await hpa(['ota', cmd, ...(cmd === 'install' ? [join(tmp, 'any.hpa')] : []), '--dir', file, '--json'], { entry: UPDATER });
    expectOneLine(r, 2, /^hpa: .*state-is-a-file.*: not usable as an OTA state directory \(a file, not a directory\)$/m);
    expect(r.json).toMatchObject({ ok: false, error: 'bad-dir' });
  });

  it('provision --dir <a file> ⇒ bad-dir (2)', async () => {
    const file = join(tmp, 'provision-into-a-file');
    writeFileSync(file, '');
    expectOneLine(await hpa(['ota', 'provision', '--root', join(tmp, 'root.json'), '--dir', file], { entry: UPDATER }), 2, /not usable as an OTA state directory/);
  });

  it('drive --duration-s abc ⇒ exit 1 (was a 0-cycle drive that exited 0)', async () => {
    expectOneLine(await hpa(['ota', 'drive', '--duration-s', 'abc', '--dir', join(tmp, 'drive')], { entry: UPDATER }), 1, /^hpa: --duration-s: "NaN" is not a positive number of seconds$/m);
  });
});
