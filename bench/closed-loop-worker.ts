// One closed-loop throughput thread: the scenario run back to back on one firmware instance.
import { parentPort, workerData } from 'node:worker_threads';
import { Ecu } from '../host/ecu/ecu.js';
import { EcuController } from '../host/runner/controller.js';
import { loadScenarioFile } from '../host/sim/scenario.js';
import { Simulation } from '../host/sim/simulation.js';
import type { ClosedLoopArgs, LoopFigures } from './closed-loop.js';

const args = workerData as ClosedLoopArgs;
const scenario = loadScenarioFile(args.scenarioFile).variants[0];
const ecu = Ecu.load(args.firmware);
const controller = new EcuController(ecu);

function drive(seconds: number): LoopFigures {
  let cycles = 0, meters = 0;
  const t0 = performance.now();
  const end = t0 + seconds * 1000;
  let now = t0;
  while (now < end) {
    ecu.reset();
    const sim = new Simulation(scenario, controller);
    while (!sim.done) sim.step();
    cycles += sim.cycle;
    meters += sim.ego.xM;
    now = performance.now();
  }
  const wallS = (now - t0) / 1000;
  return { cycles, virtualKm: meters / 1000, wallS, cyclesPerSec: cycles / wallS, kmPerSec: meters / 1000 / wallS };
}

drive(args.warmupS);
parentPort!.postMessage(drive(args.seconds));
