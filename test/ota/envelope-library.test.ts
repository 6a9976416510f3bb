// The trial envelope over every run of the scenario library: a sound release must never trip it,
// or a trial window that happens to hold an emergency stop would roll it back. 1.1.0's emergency
// demand steps only where the envelope allows a step (enhanced TTC < 5 s), releases at the ramp,
// and it never throttles toward a stationary return reached within 5 s. The envelope is no
// formality: 1.0.0, the recalled release, trips it where it drives at the closure at 116 km/h.
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EnvelopeMonitor } from '../../host/ota/swap/envelope.js';
import { runScenario } from '../../host/sim/run.js';
import { loadScenarioFile } from '../../host/sim/scenario.js';

const library = readdirSync('scenarios').filter((f) => /\.(json|ya?ml)$/.test(f)).sort()
  .flatMap((f) => loadScenarioFile(`scenarios/${f}`).variants);

/** The first envelope fault of each library run that has one. */
function envelopeFaults(firmware: string): { scenario: string; fault: string; detail: string }[] {
  const faults: { scenario: string; fault: string; detail: string }[] = [];
  for (const s of library) {
    const monitor = new EnvelopeMonitor();
    let first: { fault: string; detail: string } | null = null;
    runScenario(s, { firmware, onCycle: (sim) => { first ??= monitor.check(sim.frame, sim.outputs); } });
    if (first) faults.push({ scenario: s.name, ...(first as { fault: string; detail: string }) });
  }
  return faults;
}

describe('the OTA envelope over the scenario library', () => {
  it('has the library (140 runs)', () => expect(library.length).toBeGreaterThanOrEqual(140));

  it('1.1.0 trips it in no run: emergency stops, CCRm re-latches and far ghosts included', () => {
    expect(envelopeFaults('1.1.0')).toEqual([]);
  });

  it('1.0.0 trips it where it accelerates at the construction-zone closure', () => {
    const faults = envelopeFaults('1.0.0');
    expect(faults.find((f) => f.scenario === 'gb-construction-zone-116kph')).toMatchObject({ fault: 'throttle-into-obstacle' });
  });
});
