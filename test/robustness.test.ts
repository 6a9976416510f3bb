// Bad sensor frames (issue 2 §6): whatever arrives — NaN, ±∞, out of range, frozen or replayed
// counters — the firmware never traps, never emits a non-finite or out-of-limit command, and
// raises a fault. ≥ 10⁶ random and adversarial frames, property-based (fast-check).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { INPUTS, OUTPUTS } from '../abi/signals.js';
import { IN, OUT } from '../host/ecu/abi-views.js';
import { Ecu } from '../host/ecu/ecu.js';
import { Random } from '../host/sim/random.js';

const SPECIALS = [NaN, Infinity, -Infinity, -0, 5e-324, -1e308, 1e308, -1, 65536, 2 ** 53, 1e-300];
const FRAMES_PER_RUN = 1000;
const RUNS = 1000; // 10⁶ frames in all

/** A plausible engaged drive that the adversary then corrupts. */
function plausible(i: Float64Array, cycle: number, rng: Random): void {
  i[IN.frameCounter] = cycle % 65536;
  i[IN.mainSwitch] = 1;
  i[IN.engageRequest] = cycle % 200 === 5 ? 1 : 0;
  i[IN.egoSpeedMps] = 25 + 5 * Math.sin(cycle / 300);
  i[IN.setSpeedMps] = 30;
  i[IN.timeGapSetS] = 1.45;
  i[IN.speedLimitMps] = 33;
  i[IN.oddEndDistM] = 5000;
  i[IN.leadValid] = rng.next() < 0.8 ? 1 : 0;
  i[IN.leadDistM] = 10 + rng.next() * 150;
  i[IN.leadRelSpeedMps] = -10 + rng.next() * 12;
  i[IN.leadKind] = Math.floor(rng.next() * 5);
  i[IN.handsOn] = rng.next() < 0.9 ? 1 : 0;
  i[IN.eyesOnRoad] = rng.next() < 0.9 ? 1 : 0;
}

function checkOutputs(ecu: Ecu, where: string): void {
  const o = ecu.outputs;
  OUTPUTS.forEach((s, k) => {
    const v = o[k];
    if (!Number.isFinite(v) || v < s.min || v > s.max) throw new Error(`${where}: output ${s.name} = ${v} outside ${s.min} … ${s.max}`);
  });
}

describe('adversarial frames', () => {
  it(`${RUNS} runs × ${FRAMES_PER_RUN} frames: no trap, outputs finite and within limits, faults raised`, () => {
    const ecu = Ecu.load('1.1.0');
    const i = ecu.inputs;
    const nInputs = INPUTS.length;
    let frames = 0;
    fc.assert(
      fc.property(
        fc.record({
          seed: fc.nat(),
          corruptRate: fc.double({ min: 0, max: 0.2, noNaN: true }),
          specials: fc.subarray(SPECIALS, { minLength: 1 }),
          counterMode: fc.constantFrom('advance', 'frozen', 'backwards', 'random'),
        }),
        ({ seed, corruptRate, specials, counterMode }) => {
          ecu.reset();
          const rng = new Random(seed);
          for (let c = 0; c < FRAMES_PER_RUN; c++) {
            plausible(i, c, rng);
            if (counterMode === 'frozen' && c > 100) i[IN.frameCounter] = 100;
            if (counterMode === 'backwards') i[IN.frameCounter] = (65536 - c) % 65536;
            if (counterMode === 'random') i[IN.frameCounter] = Math.floor(rng.next() * 65536);
            let corrupted = false;
            if (rng.next() < corruptRate) {
              const slot = Math.floor(rng.next() * nInputs);
              i[slot] = specials[Math.floor(rng.next() * specials.length)];
              const s = INPUTS[slot];
              corrupted = !(i[slot] >= s.min && i[slot] <= s.max);
            }
            ecu.step();
            frames++;
            checkOutputs(ecu, `seed ${seed} cycle ${c}`);
            if (corrupted && ecu.outputs[OUT.faultCode] === 0) throw new Error(`seed ${seed} cycle ${c}: a bad input raised no fault`);
          }
        },
      ),
      { numRuns: RUNS, seed: 20251121 },
    );
    expect(frames).toBe(RUNS * FRAMES_PER_RUN);
  });

  it('fully random frames (every input any double) never trap or leak a bad command', () => {
    const ecu = Ecu.load('1.0.0');
    fc.assert(
      fc.property(fc.array(fc.array(fc.double(), { minLength: INPUTS.length, maxLength: INPUTS.length }), { minLength: 20, maxLength: 20 }), (frames) => {
        for (const f of frames) {
          ecu.inputs.set(f);
          ecu.step();
          checkOutputs(ecu, 'random frame');
        }
      }),
      { numRuns: 500, seed: 7 },
    );
  });
});

describe('degrading safely', () => {
  it('a frozen frame counter raises a fault and a takeover request, then an MRM if nobody answers', () => {
    const ecu = Ecu.load('1.1.0');
    const i = ecu.inputs;
    const rng = new Random(1);
    for (let c = 0; c < 100; c++) { plausible(i, c, rng); i[IN.leadValid] = 0; i[IN.handsOn] = 1; i[IN.eyesOnRoad] = 1; ecu.step(); }
    expect(ecu.outputs[OUT.assistActive]).toBe(1);
    for (let c = 0; c < 1200; c++) { i[IN.frameCounter] = 100; ecu.step(); }
    expect(ecu.outputs[OUT.faultCode]).not.toBe(0);
    expect(ecu.outputs[OUT.mode]).toBe(5); // mrm after the unanswered takeover request
    expect(ecu.outputs[OUT.accelCmdMps2]).toBeLessThan(0);
  });
});
