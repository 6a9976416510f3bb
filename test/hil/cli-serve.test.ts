// `hpa hil serve` and `hpa hil rig` end to end as a user runs them (two processes), the realtime
// mode on its own clock, and the loopback-by-default rule.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IN, OUT } from '../../host/ecu/abi-views.js';
import { P04Status } from '../../host/hil/e2e/p04.js';
import { SmState } from '../../host/hil/e2e/state-machine.js';
import { encodeInputFrame } from '../../host/hil/frame-codec.js';
import { startHilServer } from '../../host/hil/server.js';
import { hpa, ROOT } from '../helpers.js';
import { cruiseFrame, RawRig } from './udp-harness.js';

function serveProcess(args: string[]): Promise<{ stop: () => Promise<string> }> {
  const child = spawn(process.execPath, [join(ROOT, 'bin/hpa.js'), 'hil', 'serve', ...args], { cwd: ROOT });
  let out = '';
  child.stdout.on('data', (d) => { out += d; });
  return new Promise((resolve, reject) => {
    child.stderr.on('data', (d) => { if (String(d).includes('serving')) resolve({ stop: () => new Promise((res) => { child.once('exit', () => res(out)); child.kill('SIGINT'); }) }); });
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}`)));
  });
}

describe('hpa hil serve / hpa hil rig (two processes)', () => {
  it('a shipped scenario over the wire gives the in-process result; serve prints its link counters on SIGINT', async () => {
    const server = await serveProcess(['--firmware', '1.1.0', '--bind', '127.0.0.1:41110']);
    const rig = hpa(['hil', 'rig', '--connect', '127.0.0.1:41110', 'openpilot-stopped-car', '--json']);
    const local = hpa(['run', 'openpilot-stopped-car', '--json']);
    const counters = JSON.parse(await server.stop());
    expect(rig.status).toBe(0);
    const remote = JSON.parse(rig.stdout);
    const runs = JSON.parse(local.stdout);
    expect(remote.runs).toEqual(runs.runs ?? [runs]);
    expect(counters.ok).toBe(remote.runs.reduce((n: number, r: { cycles: number }) => n + r.cycles, 0));
  });

  it('bad options are one line, exit 1: a non-loopback bind without --allow-non-loopback, a bad mode, a dead ECU, a bad rate', () => {
    for (const [args, pattern] of [
      [['hil', 'serve', '-f', '1.1.0', '--bind', '0.0.0.0:41111'], /not a loopback address.*--allow-non-loopback/],
      [['hil', 'serve', '-f', '1.1.0', '--bind', '127.0.0.1:41111', '--mode', 'fast'], /--mode: "fast" is not lockstep or realtime/],
      [['hil', 'rig', '--connect', '127.0.0.1:41112', 'steady-following'], /no answer from the ECU at 127\.0\.0\.1:41112/],
      [['hil', 'rig', '--connect', '127.0.0.1:41112', '--drop', '1.5', 'steady-following'], /^hpa: fault rate drop must be within 0…1 \(got 1\.5\)/],
    ] as const) {
      const r = hpa([...args]);
      expect(r.status, args.join(' ')).toBe(1);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stderr).toMatch(pattern);
    }
  });
});

describe('realtime mode: the ECU runs its own 10 ms clock', () => {
  it('cycles without frames (NONEWDATA, NODATA), uses the newest valid frame, answers the last sender', async () => {
    const server = await startHilServer({ firmware: '1.1.0', bind: { host: '127.0.0.1', port: 41113 }, mode: 'realtime' });
    const rig = new RawRig(41113);
    try {
      await new Promise((r) => setTimeout(r, 200));
      const idle = server.counters();
      expect(idle.cycles).toBeGreaterThan(5); // no frames needed to run
      expect(idle.noNewData).toBe(idle.cycles);
      expect(idle.cyclesNoData).toBe(idle.cycles);
      const f = cruiseFrame();
      let last: Awaited<ReturnType<RawRig['cycle']>> | null = null;
      for (let k = 0; k < 30; k++) {
        f[IN.frameCounter] = k;
        last = await rig.cycle(encodeInputFrame(f, k)); // the answer comes with the ECU's next cycle
      }
      expect([SmState.INIT, SmState.VALID]).toContain(last!.meta.e2eState);
      expect(last!.meta.e2eStatus === P04Status.OK || last!.meta.e2eStatus === P04Status.OKSOMELOST).toBe(true);
      expect(server.counters().cyclesFresh).toBeGreaterThan(0);
      expect(Number.isFinite(last!.outputs[OUT.accelCmdMps2])).toBe(true);
    } finally {
      await rig.close();
      await server.close();
    }
  });
});
