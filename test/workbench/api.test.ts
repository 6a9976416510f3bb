// The library API by its package name: a consumer project with `hpa-ecu` in node_modules imports
// it (ESM), drives one firmware instance by hand, runs a scenario and a sweep, and type-checks
// against the generated .d.ts.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';

const consumer = mkdtempSync(join(tmpdir(), 'hpa-wb-consumer-'));
mkdirSync(join(consumer, 'node_modules'));
symlinkSync(ROOT, join(consumer, 'node_modules', 'hpa-ecu'), 'dir');
writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', type: 'module', private: true }));

const program = `
import { Ecu, IN, OUT, MODES, loadScenarioFile, runScenario, evaluate, runSweep, runRealtime, SCENARIO_DIR } from 'hpa-ecu';
import { join } from 'node:path';

const ecu = Ecu.load('1.1.0');
const i = ecu.inputs;
i[IN.mainSwitch] = 1; i[IN.egoSpeedMps] = 25; i[IN.setSpeedMps] = 25; i[IN.timeGapSetS] = 1.45;
i[IN.speedLimitMps] = 36; i[IN.handsOn] = 1; i[IN.eyesOnRoad] = 1; i[IN.oddEndDistM] = 5000;
let counter = 0;
const step = (n) => { for (let k = 0; k < n; k++) { i[IN.frameCounter] = counter++; ecu.step(); } };
step(2); i[IN.engageRequest] = 1; step(1); i[IN.engageRequest] = 0; step(10);
const engaged = MODES[ecu.outputs[OUT.mode]];
const snap = ecu.snapshot();
i[IN.leadValid] = 1; i[IN.leadDistM] = 8; i[IN.leadRelSpeedMps] = -15; i[IN.leadKind] = 1;
step(1);
const braking = ecu.outputs[OUT.accelCmdMps2];
ecu.restore(snap);
const file = loadScenarioFile(join(SCENARIO_DIR, 'recall-accident-116kph.json'));
const old = runScenario(file.variants[0], { firmware: '1.0.0' });
const fixed = runScenario(file.variants[0], { firmware: '1.1.0' });
const sweep = await runSweep({ scenario: 'euro-ncap-ccrs', variant: '=50', params: ['calibration.fcwTtcS=2,3'], out: process.argv[2], threads: 1 });
const rt = await runRealtime({ firmware: '1.1.0', hz: 1000, seconds: 0.2, strategy: 'sleep-spin', warmupSteps: 1000 });
console.log(JSON.stringify({ version: ecu.version, engaged, braking,
  old: { collision: old.collision, failed: evaluate(old, file.variants[0].expect).length > 0 }, fixed: fixed.collision,
  sweep: sweep.rows.map((r) => r.metrics.firstFcwS), rtCycles: rt.cycles }));
`;

describe('the hpa-ecu package by name', () => {
  it('imports, steps an Ecu by hand, snapshots, runs a scenario, a sweep and the real-time runner', () => {
    writeFileSync(join(consumer, 'use.mjs'), program);
    const out = JSON.parse(execFileSync(process.execPath, ['use.mjs', join(consumer, 'sweep.jsonl')], { cwd: consumer, encoding: 'utf8', timeout: 120_000 }));
    expect(out.version).toBe('1.1.0');
    expect(out.engaged).toBe('active');
    expect(out.braking).toBeLessThan(0); // an object 8 m ahead closing at 15 m/s: the ECU brakes
    expect(out.old).toEqual({ collision: true, failed: true });
    expect(out.fixed).toBe(false);
    expect(out.sweep).toHaveLength(2);
    expect(out.sweep[1]).toBeLessThan(out.sweep[0]); // warning at TTC 3 s comes before TTC 2 s
    expect(out.rtCycles).toBeGreaterThan(0);
  });

  it('type-checks a TypeScript consumer against the generated declarations', () => {
    writeFileSync(join(consumer, 'typed.ts'), `
import { Ecu, OUT, runScenario, loadScenarioFile, type RunResult, type SweepReport, runSweep } from 'hpa-ecu';
const ecu: Ecu = Ecu.load('1.1.0');
const cmd: number = ecu.outputs[OUT.accelCmdMps2];
const r: RunResult = runScenario(loadScenarioFile('x.json').variants[0], { firmware: '1.0.0' });
const collided: boolean = r.collision;
const s: Promise<SweepReport> = runSweep({ scenario: 'x', out: 'y.jsonl' });
// @ts-expect-error a RunResult has no such field
r.notAField;
export { cmd, collided, s };
`);
    writeFileSync(join(consumer, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', strict: true, noEmit: true, skipLibCheck: true, types: [], typeRoots: [join(ROOT, 'node_modules/@types')] }, files: ['typed.ts'] }));
    execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', consumer], { cwd: consumer, encoding: 'utf8' });
  });
});
