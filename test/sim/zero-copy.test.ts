// Zero-copy frames: the simulator writes the scene straight into the firmware's input block and
// reads the answer from its output block. The drive must be bit-identical to the copying path
// (a private frame copied in, outputs copied out: what the OTA swapper and remote rigs still use).
import { describe, expect, it } from 'vitest';
import { IN, LAYOUT } from '../../host/ecu/abi-views.js';
import { Ecu } from '../../host/ecu/ecu.js';
import { EcuController, type Controller } from '../../host/runner/controller.js';
import { runScenario, type RunResult } from '../../host/sim/run.js';
import { Simulation } from '../../host/sim/simulation.js';
import { shipped } from '../helpers.js';

/** The path the simulator took before: its own frame, copied into the firmware every cycle. */
class CopyingController implements Controller {
  constructor(readonly ecu: Ecu) {}
  cycle(frame: Float64Array, outputs: Float64Array): void {
    this.ecu.inputs.set(frame);
    this.ecu.step();
    outputs.set(this.ecu.outputs);
  }
}

/** Grows (by 0 pages) the firmware memory inside a step, as a firmware calling memory.grow would:
 * every view on the old buffer is detached. */
class GrowingController extends EcuController {
  private steps = 0;
  constructor(ecu: Ecu, readonly atStep: number) { super(ecu); }
  override stepInPlace(): void {
    super.stepInPlace();
    if (++this.steps === this.atStep) this.ecu.exports.memory.grow(0);
  }
}

/** The full result with a per-cycle trace plus every frame and output block the firmware saw. */
function drive(controller: Controller, name: string, variant = 0): { result: RunResult; io: number[] } {
  const io: number[] = [];
  const result = runScenario(shipped(`${name}.json`)[variant], {
    controller, trace: true,
    onCycle: (sim) => { io.push(...sim.frame, ...sim.outputs); },
  });
  return { result, io };
}

// Following, a cut-in, sensor faults (NaN, frozen values), a driver who stops answering, a stopped car.
const SCENARIOS = ['steady-following', 'openpilot-cut-in', 'robustness-sensor-faults', 'dms-hands-off', 'gb-cut-out'];

describe('zero-copy frames', () => {
  it('the simulation writes into the firmware input block and reads its output block (no copies)', () => {
    const ecu = Ecu.load('1.1.0');
    const sim = new Simulation(shipped('steady-following.json')[0], new EcuController(ecu));
    sim.step();
    expect(sim.frame).toBe(ecu.inputs);
    expect(sim.outputs).toBe(ecu.outputs);
    expect(sim.frame.buffer).toBe(ecu.exports.memory.buffer);
    expect(ecu.inputs[IN.egoSpeedMps]).toBeGreaterThan(0);
  });

  it('a controller without stepInPlace (OTA swapper, rig) keeps a private frame', () => {
    const ecu = Ecu.load('1.1.0');
    const sim = new Simulation(shipped('steady-following.json')[0], new CopyingController(ecu));
    expect(sim.frame.buffer).not.toBe(ecu.exports.memory.buffer);
    expect(sim.frame.length).toBe(LAYOUT.inputs.slots);
  });

  it.each(SCENARIOS)('%s: zero-copy and copying drives are bit-identical, cycle by cycle', (name) => {
    const a = drive(new EcuController(Ecu.load('1.1.0')), name);
    const b = drive(new CopyingController(Ecu.load('1.1.0')), name);
    expect(a.io.length).toBeGreaterThan(100 * (LAYOUT.inputs.slots + LAYOUT.outputs.slots));
    expect(Float64Array.from(a.io)).toEqual(Float64Array.from(b.io));
    expect(a.result).toEqual(b.result);
  });

  it('a run starts from a zeroed frame whatever an earlier run left in the block', () => {
    const ecu = Ecu.load('1.0.0');
    const controller = new EcuController(ecu);
    drive(controller, 'robustness-sensor-faults'); // leaves NaN / frozen values behind
    ecu.reset();
    const reused = drive(controller, 'steady-following');
    const fresh = drive(new EcuController(Ecu.load('1.0.0')), 'steady-following');
    expect(Float64Array.from(reused.io)).toEqual(Float64Array.from(fresh.io));
  });

  it('memory that grows inside a step detaches the views; the simulation re-binds and the drive is unchanged', () => {
    const ecu = Ecu.load('1.1.0');
    const before = ecu.inputs;
    const grown = drive(new GrowingController(ecu, 300), 'openpilot-cut-in');
    expect(before.length).toBe(0); // the old view was really detached
    const plain = drive(new EcuController(Ecu.load('1.1.0')), 'openpilot-cut-in');
    expect(grown.result.cycles).toBeGreaterThan(300);
    expect(Float64Array.from(grown.io)).toEqual(Float64Array.from(plain.io));
    expect(grown.result).toEqual(plain.result);
  });
});
