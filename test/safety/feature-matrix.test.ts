// Every remedy feature is necessary (issue 7 item 3): 1.0.0's code with 1.1.0's calibration, and
// 1.1.0 with each of its features compiled out, each fail at least one shipped library scenario
// that 1.1.0 passes. Calibration alone cannot stand in for the code.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RELEASES } from '../../abi/signals.js';
import { evaluate } from '../../host/sim/expectations.js';
import { runScenario } from '../../host/sim/run.js';
import { buildVariants, featureMatrix } from '../../tools/build-firmware.js';
import { shipped } from '../helpers.js';

// The library scenario that shows each variant's loss (the whole library is run by the OTA gate).
const SHOWN_BY: Record<string, string[]> = {
  '1.0.0-code+1.1.0-calibration': ['fog-stopped-car-130kph.json', 'design-domain-end-130kph.json', 'gb-construction-zone-announced.json', 'recall-accident-116kph.json'],
  '1.1.0-without-dynamicSpeed': ['fog-stopped-car-130kph.json'],
  '1.1.0-without-timeBasedHandover': ['design-domain-end-130kph.json'],
  '1.1.0-without-zoneAwareness': ['gb-construction-zone-announced.json'],
  '1.1.0-without-aebStandstillHold': ['euro-ncap-aeb-ccrs.json', 'recall-accident-116kph.json'],
  '1.1.0-without-stationaryConfirmation': ['ghost-heavy-drive.json'],
  '1.1.0-without-lateHazardBraking': ['cut-out-late-reveal-100kph.json', 'cut-out-truck-reveal-118kph.json'],
  '1.1.0-without-roadworksTrusted': ['construction-taper-unannounced-120kph.json'],
  '1.1.0-without-aebDirectDemand': ['cut-out-truck-reveal-118kph.json'],
  '1.1.0-without-reckonedLeadDecel': ['euro-ncap-aeb-ccrb-accel-attribute-lost.json'],
  '1.1.0-without-enhancedTtcWarning': ['lead-brakes-hard-then-holds-120kph.json'],
};

describe('feature necessity matrix', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hpa-variants-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const variants = featureMatrix();
  // Compiled side by side and without Binaryen's passes: behaviour is the same, the time halves.
  const wasmOf = new Map<string, string>();
  beforeAll(async () => {
    const built = await buildVariants(dir, variants, true);
    variants.forEach((v, i) => wasmOf.set(v.name, built[i]));
  }, 240_000);

  it('covers 1.0.0 code with 1.1.0 calibration and every 1.1.0 feature compiled out', () => {
    expect(variants.map((v) => v.name).sort()).toEqual(Object.keys(SHOWN_BY).sort());
    expect(variants).toHaveLength(1 + RELEASES['1.1.0'].features.length);
  });

  it.each(variants.map((v) => [v.name, v]))('%s fails a scenario 1.1.0 passes', (name, v) => {
    const wasm = wasmOf.get(v.name)!;
    const failedByVariant: string[] = [];
    for (const file of SHOWN_BY[name]) {
      for (const s of shipped(file)) {
        expect(evaluate(runScenario(s, { firmware: '1.1.0' }), s.expect), `1.1.0 on ${s.name}`).toEqual([]);
        if (evaluate(runScenario(s, { firmware: wasm }), s.expect).length > 0) failedByVariant.push(s.name);
      }
    }
    expect(failedByVariant.length, `${name} passes everything it was meant to fail`).toBeGreaterThan(0);
  }, 240_000);

  // reckonedLeadDecel replaces only an attribute that is unusable (invalid, or bit-identical for
  // 0.5 s); a tracker's estimate moves every cycle, so with an honest sensor nothing may change.
  it('1.1.0 without reckonedLeadDecel drives every lead-braking run cycle for cycle as 1.1.0 does (an honest attribute is used as it is)', () => {
    const wasm = wasmOf.get('1.1.0-without-reckonedLeadDecel')!;
    const files = ['euro-ncap-aeb-ccrb.json', 'euro-ncap-aeb-2026-ccrb.json', 'euro-ncap-ccrb.json', 'euro-ncap-2026-ccrb.json', 'openpilot-lead-braking.json', 'gb-cut-in.json', 'steady-following.json'];
    let runs = 0;
    for (const file of files) {
      for (const s of shipped(file)) {
        const { firmware: _a, ...withIt } = runScenario(s, { firmware: '1.1.0', trace: true });
        const { firmware: _b, ...without } = runScenario(s, { firmware: wasm, trace: true });
        expect(without, s.name).toEqual(withIt);
        runs += 1;
      }
    }
    expect(runs).toBeGreaterThanOrEqual(30);
  }, 240_000);
});
