// State-layout migration at a swap: a version whose state block means something else cannot be
// handed the old block blindly. Without a registered migration (both ways: a rollback must hand
// the state back) the swap is refused and the running version keeps serving; with one, the
// block is migrated at the cycle boundary. Migrations are code, so this is a library test.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { STATE_LAYOUT_VERSION } from '../../abi/signals.js';
import { LAYOUT } from '../../host/ecu/abi-views.js';
import { Ecu } from '../../host/ecu/ecu.js';
import { SyntheticDrive } from '../../host/ota/swap/drive.js';
import { registerMigration } from '../../host/ota/swap/migrate.js';
import { FirmwareSwitch } from '../../host/ota/swap/swapper.js';
import { compileFirmware } from '../../host/ota/swap/wasm.js';
import { buildFaulty } from '../../tools/build-faulty.js';

describe('state layout migration at a swap', () => {
  it('refuses a swap to another layout without a migration, migrates with one', () => {
    const current = STATE_LAYOUT_VERSION, other = STATE_LAYOUT_VERSION + 1;
    const wasm = buildFaulty(mkdtempSync(join(tmpdir(), 'hpa-layout-')), 'none', 0, '1.3.0', other);
    const next = new Ecu(compileFirmware(readFileSync(wasm)), { version: '1.3.0', build: 'external', file: wasm, sha256: '', bytes: 0, features: [] });
    expect(next.stateLayoutVersion).toBe(other);
    const running = Ecu.load('1.1.0');
    const sw = new FirmwareSwitch(running, Ecu.load('1.1.0'), { trialCycles: 100, deadlineMs: 10 });
    const drive = new SyntheticDrive(5);
    const out = new Float64Array(LAYOUT.outputs.slots);
    for (let c = 0; c < 500; c++) sw.cycle(drive.next(out), out, c);

    let forward = 0;
    expect(() => sw.swapTo(next)).toThrow(/no state migration/);
    expect(sw.ecu).toBe(running);
    registerMigration(current, other, (from, into) => { into.set(from); forward++; });
    expect(() => sw.swapTo(next)).toThrow(new RegExp(`back to ${current}`)); // no way back for a rollback yet
    registerMigration(other, current, (from, into) => into.set(from));

    const stateAtSwap = running.snapshot();
    sw.swapTo(next);
    expect(forward).toBe(1);
    expect(next.snapshot()).toEqual(stateAtSwap);
    for (let c = 500; c < 700; c++) sw.cycle(drive.next(out), out, c);
    expect(sw.events.map((e) => e.type)).toEqual(['swap', 'confirm']);
  });

});
