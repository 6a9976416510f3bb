// ns per host cycle of one firmware in this process's V8 configuration (the parent runs one
// process per tier: default = optimised after warm-up, `--liftoff --no-wasm-tier-up` = baseline).
import { Ecu } from '../host/ecu/ecu.js';
import { loadFrames } from './frames.js';
import { frameViews, hostCycle } from './host-cycle.js';

export interface StepNsArgs { firmware: string; framesPath: string; steps: number; reps: number; warmupSteps: number }
export interface StepNsResult {
  nsPerStep: number[]; medianNs: number; checksum: number;
  /** The same reps in process CPU time (process.cpuUsage): blind to time spent waiting for a core. */
  cpuNsPerStep: number[];
  /** The same loop without step() (frame in, outputs read in place), and an empty JS→Wasm call: the host's share. */
  copyOnlyNs: number; emptyCallNs: number;
}

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

export function measureStepNs(args: StepNsArgs): StepNsResult {
  const ecu = Ecu.load(args.firmware);
  const cycle = hostCycle(ecu, loadFrames(args.framesPath));
  const n = cycle.frameCount;
  let checksum = 0;
  const cpuNsPerStep: number[] = [];
  const pass = (steps: number): number => {
    ecu.reset();
    let k = 0;
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    // Sums go to locals here and in timeLoop: V8 11 boxes every double written to a closure-captured
    // `let` in a new heap number. The copy-only and call loops paid that (copy read 56 ns, 22 without:
    // docs/performance.md, 2026-11-29); this loop measured the same either way.
    let sum = 0;
    for (let i = 0; i < steps; i++) {
      sum += cycle.run(k);
      if (++k === n) { k = 0; ecu.reset(); }
    }
    checksum += sum;
    const wallNs = ((performance.now() - t0) * 1e6) / steps;
    const cpu = process.cpuUsage(c0);
    cpuNsPerStep.push(((cpu.user + cpu.system) * 1e3) / steps);
    return wallNs;
  };
  pass(args.warmupSteps);
  cpuNsPerStep.length = 0;
  const nsPerStep: number[] = [];
  for (let r = 0; r < args.reps; r++) nsPerStep.push(pass(args.steps));
  const views = frameViews(loadFrames(args.framesPath));
  const inputs = ecu.inputs, fwOut = ecu.outputs, version = ecu.exports.abiVersion;
  const timeLoop = (body: (k: number) => number): number => {
    const per: number[] = [];
    for (let r = 0; r < 3; r++) {
      let k = 0, sum = 0;
      const t0 = performance.now();
      for (let i = 0; i < args.steps; i++) { sum += body(k); if (++k === n) k = 0; }
      per.push(((performance.now() - t0) * 1e6) / args.steps);
      checksum += sum;
    }
    return median(per);
  };
  const copyOnlyNs = timeLoop((k) => { inputs.set(views[k]); return fwOut[0]; });
  const emptyCallNs = timeLoop(() => version());
  return { nsPerStep, cpuNsPerStep, medianNs: median(nsPerStep), checksum, copyOnlyNs, emptyCallNs };
}
