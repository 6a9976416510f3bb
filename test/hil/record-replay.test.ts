// Record a bench session (rig over UDP, an XCP calibration write mid-run) with `--record`, then replay
// it offline: the same firmware reproduces every cycle bit for bit; another release is caught at the
// first cycle whose outputs differ.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CAL } from '../../host/ecu/abi-views.js';
import { regions } from '../../host/hil/memory-map.js';
import { replaySession } from '../../host/hil/replay.js';
import { RigConnection, runScenarioOverUdp } from '../../host/hil/rig.js';
import { serveCommand } from '../../host/hil/serve-command.js';
import { hpa, shipped } from '../helpers.js';
import { f64le, le32, XcpMaster } from './xcp-master.js';

const RIG_PORT = 41106, XCP_PORT = 41107;
const dir = mkdtempSync(join(tmpdir(), 'hil-rec-'));
const file = join(dir, 'session.mcap');
let cycles = 0;

beforeAll(async () => {
  const handle = await serveCommand({ firmware: '1.1.0', bind: `127.0.0.1:${RIG_PORT}`, mode: 'lockstep', xcpPort: XCP_PORT, record: file });
  const rig = new RigConnection({ host: '127.0.0.1', port: RIG_PORT });
  const xcp = await XcpMaster.udp(XCP_PORT);
  await xcp.cmd(0xff, 0);
  const scenario = shipped('recall-accident-116kph.json')[0];
  // A calibrator changes the warning threshold while the drive runs (it lands at some cycle boundary).
  const write = new Promise<number[]>((resolve) => setTimeout(() => resolve(xcp.cmd(0xed, 8, 0, 0, ...le32(regions(handle.server.ecu).calibration.address + CAL.fcwTtcS * 8), ...f64le(2.0))), 150));
  const run = await runScenarioOverUdp(rig, scenario);
  expect(await write).toEqual([0xff]);
  cycles = run.cycles;
  xcp.close();
  await rig.close();
  await handle.close();
});

describe('record → replay', () => {
  it('the recorded firmware reproduces every cycle, with the reset and the calibration change in place', async () => {
    const r = await replaySession(file);
    expect(r.cycles).toBe(cycles);
    expect(r.resets).toBe(1);
    expect(r.calibrationChanges).toBe(1);
    expect(r.datagrams).toBeGreaterThanOrEqual(cycles);
    expect(r.firstDifference).toBeNull();
  });

  it('another release (1.0.0) is caught at the first cycle whose outputs differ, with the signals that differ', async () => {
    const r = await replaySession(file, '1.0.0');
    expect(r.replayed.version).toBe('1.0.0');
    expect(r.firstDifference).not.toBeNull();
    expect(r.firstDifference!.cycle).toBeGreaterThanOrEqual(0);
    expect(r.firstDifference!.cycle).toBeLessThan(cycles);
    expect(r.firstDifference!.outputs.length).toBeGreaterThan(0);
  });

  it('hpa replay --json through the CLI; a file that is not MCAP is one line, exit 1', () => {
    const ok = hpa(['replay', file, '--firmware', '1.1.0', '--json']);
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout).firstDifference).toBeNull();
    const junk = join(dir, 'junk.mcap');
    writeFileSync(junk, 'not an mcap file');
    const bad = hpa(['replay', junk]);
    expect(bad.status).toBe(1);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/^hpa: .*junk\.mcap: not a readable MCAP file/);
  });

  it('--record refuses to overwrite an existing file', async () => {
    await expect(serveCommand({ firmware: '1.1.0', bind: '127.0.0.1:41108', mode: 'lockstep', record: file })).rejects.toThrow(/exists/);
  });
});
