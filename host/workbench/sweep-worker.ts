// A sweep worker thread: compiles each firmware once, then runs the points it is sent and posts
// their metrics back. Deterministic: a point gives the same figures on any worker.
import { parentPort, workerData } from 'node:worker_threads';
import { Ecu } from '../ecu/ecu.js';
import type { FirmwareInfo } from '../ecu/firmware.js';
import { EcuController } from '../runner/controller.js';
import { runScenario } from '../sim/run.js';
import type { Scenario } from '../sim/scenario.js';
import type { CalibrationValues } from '../../abi/calibration.js';
import { pointMetrics } from './sweep-metrics.js';
import { scenarioOfPoint } from './sweep-scenarios.js';
import { pointCalibration, type SweepPoint } from './sweep-spec.js';

export interface SweepWorkerInit {
  file: string;
  /** Keyed as `scenarioKey` (sweep-scenarios.ts) says. */
  scenarios: Record<string, Scenario>;
  /** Swept paths the import already applied (OpenSCENARIO parameters). */
  imported: string[];
  firmware: Record<string, { bytes: Uint8Array<ArrayBuffer>; info: FirmwareInfo }>;
  baseCalibration?: CalibrationValues;
}

const init = workerData as SweepWorkerInit;
const modules = new Map(Object.entries(init.firmware).map(([ref, f]) => [ref, { module: new WebAssembly.Module(f.bytes), info: f.info }]));

parentPort!.on('message', (points: SweepPoint[]) => {
  const out = points.map((p) => {
    const fw = modules.get(p.firmware)!;
    const ecu = new Ecu(fw.module, fw.info);
    const calibration = pointCalibration(init.baseCalibration, p.params);
    if (Object.keys(calibration).length) ecu.setCalibration(calibration);
    const scenario = scenarioOfPoint(init, p);
    return { id: p.id, metrics: pointMetrics(runScenario(scenario, { controller: new EcuController(ecu) }), scenario.expect) };
  });
  parentPort!.postMessage(out);
});
parentPort!.postMessage('ready');
