// Shared test helpers: run the real CLI, load shipped scenarios, step an ECU by hand.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { IN } from '../host/ecu/abi-views.js';
import { Ecu } from '../host/ecu/ecu.js';
import { SCENARIO_DIR } from '../host/sim/library.js';
import { runScenario, type RunResult } from '../host/sim/run.js';
import { loadScenarioFile, type Scenario } from '../host/sim/scenario.js';

export const ROOT = join(import.meta.dirname, '..');

export function hpa(args: string[], input?: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/hpa.js'), ...args], { cwd: ROOT, encoding: 'utf8', input, timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function shipped(file: string): Scenario[] {
  return loadScenarioFile(join(SCENARIO_DIR, file)).variants;
}

export function run(s: Scenario, firmware = '1.1.0'): RunResult {
  return runScenario(s, { firmware });
}

export const firstEvent = (r: RunResult, type: string) => r.events.find((e) => e.type === type)?.tS ?? null;

/** An ECU engaged and cruising on a clear road: the base for hand-written frame sequences. */
export function engagedEcu(version = '1.1.0', speedMps = 60 / 3.6): { ecu: Ecu; cycle: (n?: number) => void } {
  const ecu = Ecu.load(version);
  const i = ecu.inputs;
  let counter = 0;
  i[IN.mainSwitch] = 1;
  i[IN.egoSpeedMps] = speedMps;
  i[IN.setSpeedMps] = speedMps;
  i[IN.timeGapSetS] = 1.45;
  i[IN.speedLimitMps] = 130 / 3.6;
  i[IN.handsOn] = 1;
  i[IN.eyesOnRoad] = 1;
  i[IN.oddEndDistM] = 5000; // the design domain does not end within the horizon
  i[IN.stationaryDetectRangeM] = 200; // the perception sees stationary obstacles 200 m ahead
  const cycle = (n = 1) => {
    for (let k = 0; k < n; k++) {
      i[IN.frameCounter] = counter++ % 65536;
      ecu.step();
    }
  };
  cycle(2);
  i[IN.engageRequest] = 1;
  cycle(1);
  i[IN.engageRequest] = 0;
  return { ecu, cycle };
}
