// Fingerprint of the closed loop of one built checkout (docs/performance-issue12.md, "bit-identity"):
// usage: node tools/perf/sim-fingerprint.mjs <checkout> [episodes] > out.jsonl. One JSON line per run:
// every variant of every shipped scenario and validate episodes 0…N−1 of seed 7 (odd ones with the
// mixed driver), on 1.0.0 and 1.1.0: the RunResult with its per-cycle trace, and a SHA-256 over every
// cycle's input and output block. Two builds are bit-identical when `cmp` finds the files equal.
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
// A checkout path, absolute or relative to the working directory.
const root = pathToFileURL(resolve(process.argv[2] ?? '.')).href;
const nEpisodes = +(process.argv[3] ?? 60);
const { runScenario } = await import(`${root}/dist/host/sim/run.js`);
const { shippedScenarioFiles } = await import(`${root}/dist/host/sim/library.js`);
const { generateEpisode } = await import(`${root}/dist/host/validate/traffic.js`);
const { Ecu } = await import(`${root}/dist/host/ecu/ecu.js`);
const { EcuController } = await import(`${root}/dist/host/runner/controller.js`);
const out = [];
function run(scenario, fw, controller) {
  const h = createHash('sha256');
  const r = runScenario(scenario, { firmware: fw, controller, trace: true, onCycle: (sim) => {
    h.update(new Uint8Array(sim.frame.buffer, sim.frame.byteOffset, sim.frame.byteLength));
    h.update(new Uint8Array(sim.outputs.buffer, sim.outputs.byteOffset, sim.outputs.byteLength));
  } });
  return { name: scenario.name, fw, cycles: h.digest('hex'), result: r };
}
for (const fw of ['1.0.0', '1.1.0']) {
  for (const file of shippedScenarioFiles()) for (const s of file.variants) out.push(run(s, fw));
  const ecu = Ecu.load(fw); const c = new EcuController(ecu);
  for (let i = 0; i < nEpisodes; i++) { ecu.reset(); out.push(run(generateEpisode(7, i, i % 2 ? 'mixed' : 'attentive').scenario, fw, c)); }
}
process.stdout.write(out.map((o) => JSON.stringify(o)).join('\n') + '\n');
