// Records the input frames the simulator feeds the firmware during real scenario runs, so the
// latency and ns/step benchmarks replay a representative highway drive (V8 and native alike).
import { join } from 'node:path';
import { IN } from '../host/ecu/abi-views.js';
import { PROJECT_ROOT } from '../host/ecu/firmware.js';
import { EcuController, type Controller } from '../host/runner/controller.js';
import { Ecu } from '../host/ecu/ecu.js';
import { runScenario } from '../host/sim/run.js';
import { loadScenarioFile } from '../host/sim/scenario.js';
import { INPUT_SLOTS } from './frames.js';

/** Following, cut-in, cut-out with a stopped car, lead braking to standstill, a hands-off spell. */
export const DRIVE_SCENARIOS = ['steady-following', 'openpilot-cut-in', 'gb-cut-out', 'openpilot-lead-braking', 'dms-hands-off-answered'];

class RecordingController implements Controller {
  readonly frames: number[] = [];
  private readonly inner: EcuController;
  constructor(readonly ecu: Ecu) { this.inner = new EcuController(ecu); }
  cycle(frame: Float64Array, outputs: Float64Array): void {
    for (let j = 0; j < INPUT_SLOTS; j++) this.frames.push(frame[j]);
    this.inner.cycle(frame, outputs);
  }
}

/**
 * The scenarios' frames back to back (first variant of each). The frame counter is renumbered
 * across the joins so it keeps advancing; each join is otherwise a one-cycle jump in the scene.
 */
export function recordDrive(firmware: string, scenarios = DRIVE_SCENARIOS): { frames: Float64Array; source: string } {
  const all: number[] = [];
  for (const name of scenarios) {
    const scenario = loadScenarioFile(join(PROJECT_ROOT, 'scenarios', `${name}.json`)).variants[0];
    const rec = new RecordingController(Ecu.load(firmware));
    runScenario(scenario, { controller: rec });
    for (const x of rec.frames) all.push(x);
  }
  const frames = Float64Array.from(all);
  for (let i = 0; i * INPUT_SLOTS < frames.length; i++) frames[i * INPUT_SLOTS + IN.frameCounter] = i % 65536;
  return { frames, source: `scenarios ${scenarios.join(', ')} (simulator, ${frames.length / INPUT_SLOTS} cycles)` };
}
