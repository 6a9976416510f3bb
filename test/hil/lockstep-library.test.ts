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
  let runs = 0, cycles = 0;
  // One case per scenario file (each with its own time budget on a loaded machine).
  for (const file of shippedScenarioFiles()) {
    it(file.file.replace(/.*\//, ''), async () => {
      for (const scenario of file.variants) {
        if (!scenario.expect) continue;
        const local = runScenario(scenario, { firmware: '1.1.0' });
        const remote = await runScenarioOverUdp(rig, scenario);
        expect(remote, scenario.name).toStrictEqual(local);
        runs++;
        cycles += remote.cycles;
      }
    }, 300_000);
  }

  it('the link stayed clean: every frame OK, each ran exactly one cycle with fresh data', () => {
    expect(runs).toBeGreaterThan(20);
    const c = server.counters();
    expect(c.cycles).toBe(cycles);
    expect(c.ok).toBe(cycles);
    expect(c.cyclesFresh).toBe(cycles);
    expect(c.error + c.repeated + c.okSomeLost + c.wrongSequence + c.handlerFaults).toBe(0);
    expect(rig.stats().heldCycles).toBe(0);
  });
});
