// One scenario run of `hpa test` as a job: the scenario (as data), the firmware by hash and the
// calibration in the payload; the judged outcome back. Runs the same on any worker.
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { CalibrationValues } from '../../abi/calibration.js';
import { Ecu } from '../ecu/ecu.js';
import { firmwareForJob, type JobFirmware } from '../jobs/job-firmware.js';
import { EcuController } from '../runner/controller.js';
import { assertCalibrationRules, type LoadedCalibration } from '../sim/calibration-file.js';
import { evaluate } from '../sim/expectations.js';
import { runScenario, type RunResult } from '../sim/run.js';
import type { Scenario } from '../sim/scenario.js';

export interface TestRunJob { scenario: Scenario; firmware: JobFirmware; calibration?: LoadedCalibration }
export interface TestRunResult { firmwareSha256: string; passed: boolean; reasons: string[]; timeS: number; result: Omit<RunResult, 'trace'> }

export function testJobId(scenario: Scenario, firmwareSha256: string, calibration?: { sha256: string; values: CalibrationValues }): string {
  const what = createHash('sha256').update(JSON.stringify([scenario, calibration?.sha256 ?? null, calibration?.values ?? null])).digest('hex').slice(0, 20);
  return `test:${firmwareSha256}:${what}`;
}

const modules = new Map<string, WebAssembly.Module>();

export function runTestJob(job: TestRunJob): TestRunResult {
  const image = firmwareForJob(job.firmware);
  let module = modules.get(image.info.sha256);
  if (!module) { module = new WebAssembly.Module(image.bytes); modules.set(image.info.sha256, module); }
  const ecu = new Ecu(module, image.info);
  if (job.calibration) {
    ecu.setCalibration(job.calibration.values);
    assertCalibrationRules(job.calibration.file, ecu.getCalibration(), ` (with the other values at the defaults of ${ecu.version})`);
  }
  const start = performance.now();
  const { trace: _t, ...result } = runScenario(job.scenario, { controller: new EcuController(ecu), calibrationSource: job.calibration });
  const reasons = evaluate(result as RunResult, job.scenario.expect);
  return { firmwareSha256: image.info.sha256, passed: reasons.length === 0, reasons, timeS: (performance.now() - start) / 1000, result };
}
