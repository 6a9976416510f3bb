// `hpa fmu`: the firmware as an FMI 2.0 co-simulation FMU. The FMU is built, unzipped, its
// modelDescription.xml checked (xmllint) and its linux64 binary loaded by a small C importer
// (test/fmu/importer.c); every output must be bit-identical to the Wasm firmware over the same frames.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calibrationDefault } from '../../abi/calibration.js';
import { CALIBRATION, CYCLE_S, type CalibrationParam } from '../../abi/signals.js';
import { DRIVE_SCENARIOS } from '../../bench/scenario-frames.js';
import { missingNativeTools } from '../../bench/native/build-native.js';
import { LAYOUT } from '../../host/ecu/abi-views.js';
import { FIRMWARE_DIR } from '../../host/ecu/firmware.js';
import { fmuGuid } from '../../host/fmu/build-fmu.js';
import { fmuVariables } from '../../host/fmu/variables.js';
import { hpa } from '../helpers.js';
import { buildAndUnpack, firstBitDifference, readDoubles, scenarioFrames, wasmOutputs, xpath, type BuiltFmu, type Frames } from './harness.js';

const FIRMWARE = '1.1.0';
/** Following, cut-in, cut-out, lead braking, hands-off, a construction zone and injected sensor faults. */
const SCENARIOS = [...DRIVE_SCENARIOS, 'gb-construction-zone-116kph', 'robustness-sensor-faults'];
const N_IN = LAYOUT.inputs.slots, N_OUT = LAYOUT.outputs.slots;
const missing = missingNativeTools();

describe.skipIf(!!missing)(`FMU of firmware ${FIRMWARE} (FMI 2.0 co-simulation)`, () => {
  let dir: string;
  let fmu: BuiltFmu;
  let frames: Frames;
  const variables = fmuVariables(new Float64Array(LAYOUT.calibration.slots));
  const vrOf = (name: string) => variables.find((v) => v.name === name)!.valueReference;
  const importer = (...args: (string | number)[]) => execFileSync(fmu.importer, args.map(String), { encoding: 'utf8', maxBuffer: 1 << 26 });

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'hpa-fmu-test-'));
    fmu = buildAndUnpack(dir, FIRMWARE);
    frames = scenarioFrames(dir, FIRMWARE, SCENARIOS);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  describe('modelDescription.xml', () => {
    it('is well-formed XML (xmllint --noout)', () => {
      expect(() => execFileSync('xmllint', ['--noout', fmu.xml], { stdio: 'pipe' })).not.toThrow();
    });

    it('declares FMI 2.0 co-simulation with a fixed 10 ms step and FMU state support', () => {
      expect(xpath(fmu.xml, 'string(/fmiModelDescription/@fmiVersion)')).toBe('2.0');
      expect(xpath(fmu.xml, 'string(/fmiModelDescription/@guid)')).toBe(fmu.build.guid);
      const cs = (a: string) => xpath(fmu.xml, `string(/fmiModelDescription/CoSimulation/@${a})`);
      expect(cs('modelIdentifier')).toBe('hpa_ecu');
      expect(cs('canHandleVariableCommunicationStepSize')).toBe('false');
      expect(cs('canGetAndSetFMUstate')).toBe('true');
      expect(cs('canSerializeFMUstate')).toBe('true');
      expect(Number(xpath(fmu.xml, 'string(/fmiModelDescription/DefaultExperiment/@stepSize)'))).toBe(CYCLE_S);
    });

    it('has one variable per slot of abi/signals.ts: inputs, outputs, calibration as tunable parameters, state as locals', () => {
      const count = (pred: string) => Number(xpath(fmu.xml, `count(//ModelVariables/ScalarVariable[${pred}])`));
      expect(count('@causality="input" and @variability="discrete"')).toBe(LAYOUT.inputs.slots);
      expect(count('@causality="output"')).toBe(LAYOUT.outputs.slots);
      expect(count('@causality="parameter" and @variability="tunable"')).toBe(LAYOUT.calibration.slots);
      expect(count('@causality="local"')).toBe(LAYOUT.state.slots);
      expect(count('not(Real)')).toBe(0);
      const vrs = xpath(fmu.xml, '//ScalarVariable/@valueReference').split(/\s+/).map((a) => a.replace(/.*="(\d+)"/, '$1'));
      expect(new Set(vrs).size).toBe(vrs.length);
    });

    it('gives every parameter a unit, min, max and the release default as start value', () => {
      for (const p of CALIBRATION as readonly CalibrationParam[]) {
        calibrationDefault(p, FIRMWARE).forEach((value, i) => {
          const name = p.length ? `${p.name}[${i + 1}]` : p.name;
          const real = (a: string) => xpath(fmu.xml, `string(//ScalarVariable[@name="${name}"]/Real/@${a})`);
          expect(Number(real('start')), name).toBe(value);
          expect(Number(real('min')), name).toBe(p.min);
          expect(Number(real('max')), name).toBe(p.max);
          expect(real('unit'), name).toBe(p.unit);
        });
      }
    });

    it('declares every unit it uses in UnitDefinitions, m/s as m·s⁻¹', () => {
      const used = new Set(xpath(fmu.xml, '//Real/@unit').split(/\s+/).map((a) => a.replace(/.*="(.*)"/, '$1')));
      for (const unit of used) expect(Number(xpath(fmu.xml, `count(//UnitDefinitions/Unit[@name="${unit}"])`)), unit).toBe(1);
      expect(xpath(fmu.xml, 'string(//Unit[@name="m/s"]/BaseUnit/@m)')).toBe('1');
      expect(xpath(fmu.xml, 'string(//Unit[@name="m/s"]/BaseUnit/@s)')).toBe('-1');
    });

    it('lists exactly the outputs in ModelStructure/Outputs', () => {
      const indexes = xpath(fmu.xml, '//ModelStructure/Outputs/Unknown/@index').split(/\s+/).map((a) => Number(a.replace(/.*="(\d+)"/, '$1')));
      expect(indexes).toEqual(variables.flatMap((v, i) => (v.causality === 'output' ? [i + 1] : [])));
    });
  });

  it('exports only the fmi2 functions from binaries/linux64/hpa_ecu.so', () => {
    const symbols = execFileSync('nm', ['-D', '--defined-only', fmu.so], { encoding: 'utf8' }).trim().split('\n').map((l) => l.split(' ').pop()!);
    expect(symbols.filter((s) => !s.startsWith('fmi2'))).toEqual([]);
    for (const f of ['fmi2Instantiate', 'fmi2DoStep', 'fmi2GetFMUstate', 'fmi2SerializeFMUstate', 'fmi2GetReal', 'fmi2SetReal']) expect(symbols).toContain(f);
  });

  it(`runs the scenarios' recorded frames with outputs bit-identical to the Wasm firmware`, () => {
    const out = join(dir, 'fmu-out.bin');
    const r = JSON.parse(importer('run', fmu.so, fmu.build.guid, frames.path, N_IN, N_OUT, out));
    expect(r.cycles).toBe(frames.cycles);
    expect(frames.cycles).toBeGreaterThan(20_000);
    expect(firstBitDifference(readDoubles(out), wasmOutputs(FIRMWARE, frames.frames))).toBe(-1);
  });

  it('applies a calibration written between steps (the firmware re-applies it), still bit-identical', () => {
    const change = { name: 'fcwTtcS', value: 4.5, cycle: 1000 };
    const out = join(dir, 'fmu-cal.bin');
    importer('run', fmu.so, fmu.build.guid, frames.path, N_IN, N_OUT, out, vrOf(change.name), change.value, change.cycle);
    const fmuOut = readDoubles(out);
    expect(firstBitDifference(fmuOut, wasmOutputs(FIRMWARE, frames.frames, change))).toBe(-1);
    expect(firstBitDifference(fmuOut, wasmOutputs(FIRMWARE, frames.frames)), 'the change must alter the run').toBeGreaterThan(0);
  });

  it('restores the state block with get/set FMU state and through serialisation; a 30 ms step equals three 10 ms steps', () => {
    const r = JSON.parse(importer('state', fmu.so, fmu.build.guid, frames.path, N_IN, N_OUT));
    expect(r.cycles).toBe(500);
    expect(r.restoreIdentical).toBe(true);
    expect(r.serializedIdentical).toBe(true);
    expect(r.coldStartDiffers, 'the restored history must matter').toBe(true);
    expect(r.serializedBytes).toBeGreaterThan(LAYOUT.stateBytes);
    expect(r.multiStepIdentical).toBe(true);
  });

  describe('bad use returns fmi2Error with the reason logged', () => {
    let cases: Map<string, { status: number; message: string }>;
    beforeAll(() => {
      const param = variables.find((v) => v.name === 'fcwTtcS')!;
      const lines = importer('errors', fmu.so, fmu.build.guid, N_IN, N_OUT, param.valueReference, param.max, vrOf('state.mode'), variables.length).trim().split('\n');
      cases = new Map(lines.map((l) => JSON.parse(l)).map((c) => [c.case, c]));
    });
    const FMI2_ERROR = 3;
    const refused: [string, RegExp][] = [
      ['step of 15 ms (not a multiple of 10 ms)', /not a positive multiple of the firmware cycle 0.01 s/],
      ['step of 0 s', /not a positive multiple/],
      ['step of -10 ms', /not a positive multiple/],
      ["communication point is not the FMU's time", /communication point 0.5 s is not the FMU's time 0 s/],
      ['parameter above its max', /fcwTtcS = 13 is outside its range 0.8 to 6 s/],
      ['parameter NaN', /fcwTtcS = nan is outside its range/],
      ['set an output', /accelCmdMps2 is an output and cannot be set/],
      ['set a local (state block) variable', /state.mode is a local \(state block\) variable and cannot be set/],
      ['unknown value reference', /unknown value reference/],
      ['value reference 0', /unknown value reference 0/],
      ['NULL value array', /NULL/],
      ['NULL value reference array', /NULL/],
      ['an Integer variable', /no Integer variables/],
      ['fmi2GetFMUstate with NULL', /FMUstate is NULL/],
      ['fmi2SetFMUstate with NULL', /FMUstate is NULL/],
      ['deserialize a 16-byte blob', /serialized state has 16 bytes/],
      ['fmi2DoStep before initialisation', /fmi2DoStep: not allowed in state Instantiated/],
      ['fmi2GetReal before initialisation', /fmi2GetReal: not allowed in state Instantiated/],
      ['fmi2ExitInitializationMode without Enter', /not allowed in state Instantiated/],
      ['fmi2SetupExperiment after initialisation', /not allowed in state StepComplete/],
      ['fmi2DoStep after fmi2Terminate', /not allowed in state Terminated/],
      ['fmi2SetReal after fmi2Terminate', /not allowed in state Terminated/],
      ['fmi2DoStep in the Error state', /not allowed in state Error/],
      ['fmi2Instantiate with another GUID', /GUID \{00000000-0000-0000-0000-000000000000\} does not match/],
      ['fmi2Instantiate for model exchange', /co-simulation only/],
      ['fmi2GetRealStatus of another kind', /only fmi2LastSuccessfulTime is a Real status/],
      ['fmi2GetBooleanStatus with NULL', /value is NULL/],
      ['fmi2GetStatus', /fmi2GetStatus: no asynchronous step status/],
      ['fmi2CancelStep', /fmi2CancelStep: fmi2DoStep always completes synchronously/],
      ['fmi2GetRealStatus before initialisation', /fmi2GetRealStatus: not allowed in state Instantiated/],
    ];
    for (const [name, reason] of refused) {
      it(name, () => {
        const c = cases.get(name);
        expect(c, name).toBeDefined();
        expect(c!.status).toBe(FMI2_ERROR);
        expect(c!.message).toMatch(reason);
      });
    }
    it('NULL instance or callbacks: fmi2Error / NULL (nothing to log through)', () => {
      expect(cases.get('fmi2Instantiate without callbacks')!.status).toBe(FMI2_ERROR);
      expect(cases.get('fmi2DoStep on a NULL instance')!.status).toBe(FMI2_ERROR);
    });
    it('status queries: the last successful time is the time stepped (3 × 10 ms); the FMU never asks to terminate', () => {
      expect(cases.get('fmi2GetRealStatus fmi2LastSuccessfulTime')!.status).toBe(0);
      expect(Number(cases.get('last successful time')!.message)).toBeCloseTo(0.03, 12);
      expect(cases.get('fmi2GetBooleanStatus fmi2Terminated')!.status).toBe(0);
      expect(cases.get('terminated flag')!.message).toBe('0');
    });
    it('a refused parameter write leaves the value unchanged', () => expect(cases.get('refused parameter unchanged')!.status).toBe(0));
    it('fmi2FreeFMUstate given the state itself (as fmusim at Reference-FMUs c8d4e6d does) frees it with a logged warning, no crash', () => {
      const c = cases.get('fmi2FreeFMUstate given the state itself')!;
      expect(c.status).toBe(0);
      expect(c.message).toMatch(/given the FMU state itself, not a pointer to it/);
    });
    it('an FMU state taken before the error recovers the instance', () => expect(cases.get('fmi2DoStep after recovering with fmi2SetFMUstate')!.status).toBe(0));
  });
});

describe('FMU GUID', () => {
  const variables = fmuVariables(new Float64Array(LAYOUT.calibration.slots));
  const sha = 'eb87b3acd49fe5ac382c748237082215cb6f3c293775df99621d04e1ea345017';
  it('is a GUID, stable for the same ABI, firmware and variables', () => {
    expect(fmuGuid(LAYOUT.abiHash, sha, variables)).toMatch(/^\{[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}$/);
    expect(fmuGuid(LAYOUT.abiHash, sha, variables)).toBe(fmuGuid(LAYOUT.abiHash, sha, fmuVariables(new Float64Array(LAYOUT.calibration.slots))));
  });
  it('changes with the ABI hash, the firmware bytes and a start value', () => {
    const guid = fmuGuid(LAYOUT.abiHash, sha, variables);
    expect(fmuGuid(LAYOUT.abiHash ^ 1, sha, variables)).not.toBe(guid);
    expect(fmuGuid(LAYOUT.abiHash, sha.replace(/^e/, 'f'), variables)).not.toBe(guid);
    expect(fmuGuid(LAYOUT.abiHash, sha, fmuVariables(new Float64Array(LAYOUT.calibration.slots).fill(1)))).not.toBe(guid);
  });
});

describe('hpa fmu (CLI)', () => {
  it.skipIf(!!missing)('writes the FMU of a .wasm file and prints what it holds', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hpa-fmu-cli-'));
    try {
      const r = hpa(['fmu', '--firmware', join(FIRMWARE_DIR, 'hpa-1.0.0.wasm'), '-o', join(dir, 'hpa-1.0.0.fmu'), '--json']);
      expect(r.status, r.stderr).toBe(0);
      const j = JSON.parse(r.stdout);
      expect(j.version).toBe('1.0.0');
      expect(j.counts).toEqual({ input: LAYOUT.inputs.slots, output: LAYOUT.outputs.slots, parameter: LAYOUT.calibration.slots, local: LAYOUT.state.slots });
      // 1.0.0's own calibration defaults, e.g. the short 1.6 s warning of the recall era.
      const unpacked = join(dir, 'x');
      execFileSync('unzip', ['-q', j.path, '-d', unpacked]);
      expect(Number(xpath(join(unpacked, 'modelDescription.xml'), 'string(//ScalarVariable[@name="fcwTtcS"]/Real/@start)'))).toBe(1.6);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses an unknown firmware and a missing output folder in one line, exit 1', () => {
    const a = hpa(['fmu', '--firmware', '9.9.9', '-o', join(tmpdir(), 'never.fmu')]);
    expect(a.status).toBe(1);
    expect(a.stderr.trim()).toMatch(/^hpa: firmware 9.9.9 is not built; available: /);
    const b = hpa(['fmu', '--firmware', '1.1.0', '-o', '/nonexistent-folder/x.fmu']);
    expect(b.status).toBe(1);
    expect(b.stderr.trim()).toBe('hpa: /nonexistent-folder/x.fmu: folder /nonexistent-folder does not exist');
  });
});
