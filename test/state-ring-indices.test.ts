// The state block is the host's to snapshot and restore (OTA swaps, HIL, XCP writes), so it may come
// back holding anything. The two rings in it — the gap-rate window and the event data recorder —
// are indexed by state fields; an index out of its ring would read and write the rest of the state
// (or trap). A corrupted index restarts its ring; every other state field evolves as in a clean run.
import { describe, expect, it } from 'vitest';
import { IN, LAYOUT, OUT } from '../host/ecu/abi-views.js';
import { Ecu } from '../host/ecu/ecu.js';

const RING_FIELDS = /^(gapWindowM|relWindowMps|leadSpeedWindowMps|windowHead|windowCount|gapSumM|gapMomentM|relSumMps|reckonedGapM|priorObjectGapM|gapUnchangedCycles|relUnchangedCycles|edr)/;

/** An engaged ECU following a car 50 m ahead; returns it and a stepper. */
function following() {
  const ecu = Ecu.load('1.1.0');
  const i = ecu.inputs;
  Object.assign(i, { [IN.mainSwitch]: 1, [IN.egoSpeedMps]: 20, [IN.setSpeedMps]: 20, [IN.leadValid]: 1, [IN.leadDistM]: 50, [IN.leadRelSpeedMps]: 0, [IN.leadKind]: 1 });
  let counter = 0;
  return { ecu, step: () => { i[IN.frameCounter] = counter++ % 65536; ecu.step(); } };
}

const stateView = (ecu: Ecu) => new Float64Array(ecu.stateBytes.buffer, ecu.stateBytes.byteOffset, LAYOUT.state.slots);
const slotOf = (name: string) => LAYOUT.state.fields.find((f) => f.name === name)!.slot;

describe('ring indices in a restored state block', () => {
  it.each(['windowHead', 'windowCount', 'edrHead'].flatMap((field) => [NaN, -5, 49.5, 73, 1e12].map((v) => [field, v] as const)))(
    '%s = %s: no trap, and every state field outside the rings is as in a clean run', (field, value) => {
      const clean = following(), bad = following();
      for (let k = 0; k < 80; k++) { clean.step(); bad.step(); }
      stateView(bad.ecu)[slotOf(field)] = value;
      for (let k = 0; k < 200; k++) { clean.step(); bad.step(); }
      const a = stateView(clean.ecu), b = stateView(bad.ecu);
      for (const f of LAYOUT.state.fields) if (!RING_FIELDS.test(f.name)) expect(b[f.slot], f.name).toBe(a[f.slot]);
      expect(Array.from(bad.ecu.outputs)).toEqual(Array.from(clean.ecu.outputs));
    });

  it.each(['reckonedGapM', 'priorObjectGapM', 'gapUnchangedCycles', 'relUnchangedCycles'].flatMap((field) => [NaN, Infinity, -5, 1e12].map((v) => [field, v] as const)))(
    'the gap-rate verdict: %s = %s restarts the window, no trap, and the outputs are as in a clean run', (field, value) => {
      const clean = following(), bad = following();
      for (let k = 0; k < 80; k++) { clean.step(); bad.step(); }
      stateView(bad.ecu)[slotOf(field)] = value;
      for (let k = 0; k < 200; k++) { clean.step(); bad.step(); }
      expect(Array.from(bad.ecu.outputs)).toEqual(Array.from(clean.ecu.outputs));
      expect(Number.isFinite(stateView(bad.ecu)[slotOf('trackDistM')])).toBe(true);
    });

  // The count that tells a stuck acceleration attribute (reckonedLeadDecel): restored as NaN or −10⁹
  // it would never reach "frozen", and a lie of −8 m/s² on a steady lead would stand for the rest
  // of the drive. Out of 0…49 it starts again: the lie is dismissed as in a clean run.
  it.each([NaN, -1e9, -5, 49.5e3, Infinity])('leadAccelUnchangedCycles = %s with an attribute stuck at −8 m/s²: dismissed as in a clean run', (value) => {
    const clean = following(), bad = following();
    for (const run of [clean, bad]) run.ecu.inputs[IN.leadAccelMps2] = -8;
    for (let k = 0; k < 80; k++) { clean.step(); bad.step(); }
    stateView(bad.ecu)[slotOf('leadAccelUnchangedCycles')] = value;
    stateView(clean.ecu)[slotOf('leadAccelUnchangedCycles')] = 0;
    for (let k = 0; k < 100; k++) { clean.step(); bad.step(); }
    expect(clean.ecu.outputs[OUT.requiredDecelMps2]).toBeLessThan(1);
    expect(Array.from(bad.ecu.outputs)).toEqual(Array.from(clean.ecu.outputs));
  });
});

