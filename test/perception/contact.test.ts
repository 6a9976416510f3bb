// Swept contact detection (issue 7 item 6): no tunnelling at any relative speed up to 250 km/h.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Controller } from '../../host/runner/controller.js';
import { sweptContact } from '../../host/sim/contact.js';
import type { Scenario } from '../../host/sim/scenario.js';
import { Simulation } from '../../host/sim/simulation.js';

/** A controller that never acts: with the pilot off the driver holds the speed. */
const passive: Controller = { ecu: null as never, cycle: (_f, out) => { out.fill(0); } };

function drive(egoKph: number, objectKph: number, gapM: number, kind: 'cone' | 'car', offsetM = 0): Simulation {
  const closingMps = (egoKph - objectKph) / 3.6;
  const scenario: Scenario = {
    name: 'contact-probe', durationS: gapM / closingMps + 1,
    road: { speedLimitKph: 130, lanes: 2 },
    ego: { speedKph: egoKph, lane: 0, assist: 'off' },
    objects: [{ id: 'o', kind, lane: 0, xM: gapM, speedKph: objectKph, offsetM }],
  };
  const sim = new Simulation(scenario, passive);
  while (!sim.done) sim.step();
  return sim;
}

describe('swept contact', () => {
  it('a cone passed between two cycles at 130 km/h is a contact (sampling once per cycle misses it)', () => {
    // 0.361 m per cycle, cone 0.3 m: the front is 0.02 m short before and 0.04 m past after.
    expect(sweptContact(0.02, -0.341, 0.3)).toBe(true);
    expect(sweptContact(0.5, 0.1, 0.3)).toBe(false);
    // An object already wholly behind the bumper (overtaken in the next lane) is not hit.
    expect(sweptContact(-5, -5.3, 0.3)).toBe(false);
  });

  it('records every contact, at the relative speed, for random placements and speeds up to 250 km/h relative', () => {
    fc.assert(fc.property(
      fc.double({ min: 5, max: 250, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }),
      fc.double({ min: 0.5, max: 40, noNaN: true }), fc.constantFrom<'cone' | 'car'>('cone', 'car'),
      (egoKph, objectShare, gapM, kind) => {
        const objectKph = Math.max(egoKph * objectShare * 0.98, 0);
        if (egoKph - objectKph < 1) return;
        const sim = drive(egoKph, objectKph, gapM, kind);
        expect(sim.contact).not.toBeNull();
        expect(sim.contact!.impactSpeedKph).toBeCloseTo(egoKph - objectKph, 6);
      }), { numRuns: 300, seed: 7 });
  });

  it('an object beside the ego path is never a contact', () => {
    fc.assert(fc.property(fc.double({ min: 5, max: 250, noNaN: true }), fc.double({ min: 0.5, max: 40, noNaN: true }), (egoKph, gapM) => {
      // Cone centre 1.2 m off the ego centre: half-widths 0.15 + 0.95 = 1.1 m do not overlap.
      expect(drive(egoKph, 0, gapM, 'cone', 1.2).contact).toBeNull();
    }), { numRuns: 100, seed: 8 });
  });
});
