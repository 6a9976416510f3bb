// The whole scenario library over UDP in lockstep: every run must be bit-identical to the in-process
// run of the same firmware (same RunResult, event timeline and all figures).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RigConnection, runScenarioOverUdp } from '../../host/hil/rig.js';
import { startHilServer, type HilServer } from '../../host/hil/server.js';
import { shippedScenarioFiles } from '../../host/sim/library.js';
import { runScenario } from '../../host/sim/run.js';

const PORT = 41101;
let server: HilServer;
let rig: RigConnection;

beforeAll(async () => {
  server = await startHilServer({ firmware: '1.1.0', bind: { host: '127.0.0.1', port: PORT }, mode: 'lockstep' });
  rig = new RigConnection({ host: '127.0.0.1', port: PORT });
});
afterAll(async () => {
  await rig.close();
  await server.close();
});

describe('lockstep over UDP: the shipped library is bit-identical to the in-process run', () => {
  it('every variant of every shipped scenario', async () => {
    let runs = 0, cycles = 0;
    for (const file of shippedScenarioFiles()) {
      for (const scenario of file.variants) {
        if (!scenario.expect) continue;
        const local = runScenario(scenario, { firmware: '1.1.0' });
        const remote = await runScenarioOverUdp(rig, scenario);
        expect(remote, `${file.file} / ${scenario.name}`).toStrictEqual(local);
        runs++;
        cycles += remote.cycles;
      }
    }
    expect(runs).toBeGreaterThan(20);
    const c = server.counters();
    // Clean link: every frame OK, each one ran exactly one cycle with fresh data.
    expect(c.cycles).toBe(cycles);
    expect(c.ok).toBe(cycles);
    expect(c.cyclesFresh).toBe(cycles);
    expect(c.error + c.repeated + c.okSomeLost + c.wrongSequence + c.handlerFaults).toBe(0);
    expect(rig.stats().heldCycles).toBe(0);
  });
});
