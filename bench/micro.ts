// benchmark.js suite for the small host operations: ops/s and relative margin of error.
import { Ajv2020 } from 'ajv/dist/2020.js';
import Benchmark from 'benchmark';
import { calibrationSchema } from '../abi/calibration.js';
import { Ecu } from '../host/ecu/ecu.js';
import { loadFrames } from './frames.js';
import { frameViews } from './host-cycle.js';

export interface MicroArgs { firmware: string; framesPath: string; maxTimeS: number }
export interface MicroRow { name: string; opsPerSec: number; rmePct: number; samples: number; nsPerOp: number }

export function runMicroSuite(args: MicroArgs): Promise<MicroRow[]> {
  const ecu = Ecu.load(args.firmware);
  const views = frameViews(loadFrames(args.framesPath));
  const frameCount = views.length;
  const inputs = ecu.inputs;
  const snapshot = ecu.snapshot();
  const validate = new Ajv2020({ allErrors: true }).compile(calibrationSchema());
  const calibration = Ecu.releaseDefaults(ecu.version);
  let k = 0;
  for (let i = 0; i < 20_000; i++) { encodeFrame(); ecu.step(); } // past V8's Wasm tier-up

  function encodeFrame(): void {
    inputs.set(views[k]);
    if (++k === frameCount) k = 0;
  }

  const rows: MicroRow[] = [];
  const suite = new Benchmark.Suite('hpa-micro');
  const options = { maxTime: args.maxTimeS, minSamples: 5 };
  suite
    .add('step (raw export)', () => { ecu.step(); }, options)
    .add('frame encode (25 f64 → inputs block)', () => { encodeFrame(); }, options)
    .add(`state snapshot + restore (${snapshot.length} B)`, () => { ecu.snapshot(snapshot); ecu.restore(snapshot); }, options)
    .add('calibration schema check (ajv)', () => { if (!validate(calibration)) throw new Error('invalid'); }, options)
    .on('cycle', (event: Benchmark.Event) => {
      const b = event.target as unknown as Benchmark;
      rows.push({ name: b.name ?? '?', opsPerSec: b.hz ?? 0, rmePct: b.stats?.rme ?? 0, samples: b.stats?.sample.length ?? 0, nsPerOp: 1e9 / (b.hz ?? 1) });
    });
  return new Promise((resolve, reject) => {
    suite.on('complete', () => resolve(rows)).on('error', (e: Benchmark.Event) => reject((e.target as unknown as Benchmark).error));
    suite.run({ async: false });
  });
}
