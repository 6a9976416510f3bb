// One sweep point as a job: the point's scenario (swept fields and imported parameters already
// applied), its calibration and the firmware by hash. A pure function of its payload, so any
// worker — a thread here or `hpa worker` elsewhere — gives the same metrics.
import { createHash } from 'node:crypto';
import type { CalibrationValues } from '../../abi/calibration.js';
import { Ecu } from '../ecu/ecu.js';
import { firmwareForJob, type JobFirmware } from '../jobs/job-firmware.js';
import { EcuController } from '../runner/controller.js';
import { runScenario } from '../sim/run.js';
import type { Scenario } from '../sim/scenario.js';
import { pointMetrics, type PointMetrics } from './sweep-metrics.js';

export interface SweepPointJob { scenario: Scenario; calibration: CalibrationValues; firmware: JobFirmware }
export interface SweepPointResult { firmwareSha256: string; metrics: PointMetrics }

/** The job key: the point id (variant, firmware hash, values, base calibration) and the scenario's content. */
export function sweepJobId(pointId: string, scenario: Scenario): string {
  return `sweep:${pointId}:${createHash('sha256').update(JSON.stringify(scenario)).digest('hex').slice(0, 16)}`;
}

const modules = new Map<string, WebAssembly.Module>();

export function runSweepPoint(job: SweepPointJob): SweepPointResult {
  const image = firmwareForJob(job.firmware);
  let module = modules.get(image.info.sha256);
  if (!module) { module = new WebAssembly.Module(image.bytes); modules.set(image.info.sha256, module); }
  const ecu = new Ecu(module, image.info);
  if (Object.keys(job.calibration).length) ecu.setCalibration(job.calibration);
  return { firmwareSha256: image.info.sha256, metrics: pointMetrics(runScenario(job.scenario, { controller: new EcuController(ecu) }), job.scenario.expect) };
}
