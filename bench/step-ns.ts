// ns per host cycle of one firmware in this process's V8 configuration (the parent runs one
// process per tier: default = optimised after warm-up, `--liftoff --no-wasm-tier-up` = baseline).
import { Ecu } from '../host/ecu/ecu.js';
import { loadFrames } from './frames.js';
import { hostCycle } from './host-cycle.js';

export interface StepNsArgs { firmware: string; framesPath: string; steps: number; reps: number; warmupSteps: number }
export interface StepNsResult { nsPerStep: number[]; medianNs: number; checksum: number }

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

export function measureStepNs(args: StepNsArgs): StepNsResult {
  const ecu = Ecu.load(args.firmware);
  const cycle = hostCycle(ecu, loadFrames(args.framesPath));
  const n = cycle.frameCount;
  let checksum = 0;
  const pass = (steps: number): number => {
    ecu.reset();
    let k = 0;
    const t0 = performance.now();
    for (let i = 0; i < steps; i++) {
      checksum += cycle.run(k);
      if (++k === n) { k = 0; ecu.reset(); }
    }
    return ((performance.now() - t0) * 1e6) / steps;
  };
  pass(args.warmupSteps);
  const nsPerStep: number[] = [];
  for (let r = 0; r < args.reps; r++) nsPerStep.push(pass(args.steps));
  return { nsPerStep, medianNs: median(nsPerStep), checksum };
}
