// One sweep point as a job: a pure function of its payload (the variant, the swept values, the
// firmware by hash), so any worker — a thread here or `hpa worker` elsewhere — gives the same metrics.
import { createHash } from 'node:crypto';
import type { CalibrationValues } from '../../abi/calibration.js';
import { Ecu } from '../ecu/ecu.js';
import { firmwareForJob, type JobFirmware } from '../jobs/job-firmware.js';
import { EcuController } from '../runner/controller.js';
import { runScenario } from '../sim/run.js';
import type { Scenario } from '../sim/scenario.js';
import { pointMetrics, type PointMetrics } from './sweep-metrics.js';
import { pointCalibration, pointScenario, type ParamValue } from './sweep-spec.js';

export interface SweepPointJob { file: string; variant: Scenario; params: Record<string, ParamValue>; firmware: JobFirmware; baseCalibration?: CalibrationValues }
export interface SweepPointResult { firmwareSha256: string; metrics: PointMetrics }

/** The job key: the point id (variant, firmware hash, values, base calibration) and the variant's content. */
export function sweepJobId(pointId: string, variant: Scenario): string {
  return `sweep:${pointId}:${createHash('sha256').update(JSON.stringify(variant)).digest('hex').slice(0, 16)}`;
}

const modules = new Map<string, WebAssembly.Module>();

export function runSweepPoint(job: SweepPointJob): SweepPointResult {
  const image = firmwareForJob(job.firmware);
  let module = modules.get(image.info.sha256);
  if (!module) { module = new WebAssembly.Module(image.bytes); modules.set(image.info.sha256, module); }
  const ecu = new Ecu(module, image.info);
  const calibration = pointCalibration(job.baseCalibration, job.params);
  if (Object.keys(calibration).length) ecu.setCalibration(calibration);
  const scenario = pointScenario(job.variant, job.params, job.file);
  return { firmwareSha256: image.info.sha256, metrics: pointMetrics(runScenario(scenario, { controller: new EcuController(ecu) }), scenario.expect) };
}
