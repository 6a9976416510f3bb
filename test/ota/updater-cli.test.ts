// The OTA tests run the commands the updater carries through the updater (fixture.ts: the same
// code, a lighter start). That stands for `hpa ota …` only while the full CLI registers the very
// same commands and they answer alike; this file checks both, through the two executables.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, hpa, must, UPDATER, UPDATER_COMMANDS } from './fixture.js';

/** The "Commands:" section of a help text, one entry (name, usage and description, re-joined) per command. */
function commandEntries(help: string): Map<string, string> {
  const section = help.slice(help.indexOf('Commands:') + 'Commands:'.length);
  const entries = new Map<string, string>();
  let name = '';
  for (const line of section.split('\n')) {
    const start = /^ {2}(\S+)(.*)$/.exec(line);
    if (start) { name = start[1]; entries.set(name, `${start[1]}${start[2]}`.replace(/\s+/g, ' ').trim()); }
    else if (name && line.trim()) entries.set(name, `${entries.get(name)} ${line.trim()}`);
  }
  return entries;
}

describe.concurrent('the updater and `hpa ota` are the same commands', () => {
  it('`hpa ota --help` lists every command of the updater, with the same arguments and description', async () => {
    const [full, updater] = await Promise.all([must(hpa(['ota', '--help'], { entry: CLI })), must(hpa(['ota', '--help'], { entry: UPDATER }))]);
    const fromFull = commandEntries(full.stdout), fromUpdater = commandEntries(updater.stdout);
    expect([...UPDATER_COMMANDS].sort()).toEqual([...fromUpdater.keys()].filter((c) => c !== 'help').sort());
    expect(UPDATER_COMMANDS.size).toBeGreaterThan(10);
    for (const c of UPDATER_COMMANDS) expect(fromFull.get(c), c).toBe(fromUpdater.get(c));
  });

  it('a command answers alike through both (exit code, stdout, stderr)', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'hpa-updater-cli-'));
    // `status` on a new state directory: the factory state, the same bytes from both.
    const run = (entry: string, name: string) => hpa(['ota', 'status', '--dir', join(tmp, name), '--json'], { entry });
    const [full, updater] = await Promise.all([run(CLI, 'full'), run(UPDATER, 'updater')]);
    expect(full.code, full.stderr).toBe(0);
    expect(full.json).toMatchObject({ ok: true, runningVersion: '1.0.0' });
    expect({ code: updater.code, stdout: updater.stdout, stderr: updater.stderr }).toEqual({ code: full.code, stdout: full.stdout, stderr: full.stderr });
  });
});
