// Process-CPU-time throughput of one built checkout: usage: node tools/perf/sim-cpu-throughput.mjs
// <checkout> [loop|validate|both] [episodes]. Closed loop: Simulation.step() on steady-following (1.1.0), 1 CPU-s
// warm-up then 4 CPU-s; validation: EpisodeRunner.runBatch, episodes 0…N−1 (default 30) of seed 7 on each firmware
// after 5 warm-up episodes. Run two checkouts alternately, each in its own process, and compare the
// per-round ratios (the machine is shared: CPU time, not wall time).
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
// A checkout path, absolute or relative to the working directory.
const root = pathToFileURL(resolve(process.argv[2] ?? '.')).href;
const what = process.argv[3] ?? 'both';
const episodes = +(process.argv[4] ?? 30);
const { Ecu } = await import(`${root}/dist/host/ecu/ecu.js`);
const { EcuController } = await import(`${root}/dist/host/runner/controller.js`);
const { loadScenarioFile } = await import(`${root}/dist/host/sim/scenario.js`);
const { Simulation } = await import(`${root}/dist/host/sim/simulation.js`);
const { EpisodeRunner } = await import(`${root}/dist/host/validate/episodes.js`);
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
const res = {};
if (what !== 'validate') {
  const scenario = loadScenarioFile(new URL(`${root}/scenarios/steady-following.json`).pathname).variants[0];
  const ecu = Ecu.load('1.1.0'); const controller = new EcuController(ecu);
  const drive = (s) => { let cycles = 0; const c0 = cpu(); while (cpu() - c0 < s) { ecu.reset(); const sim = new Simulation(scenario, controller); while (!sim.done) sim.step(); cycles += sim.cycle; } return cycles / (cpu() - c0); };
  drive(1); res.closedLoopCyclesPerCpuS = Math.round(drive(4));
}
if (what !== 'loop') {
  let km = 0, cpuS = 0;
  for (const fw of ['1.0.0', '1.1.0']) {
    const r = new EpisodeRunner(fw);
    r.runBatch({ seed: 7, first: 200, count: 5, profile: 'attentive' });
    const c0 = cpu(); const t = r.runBatch({ seed: 7, first: 0, count: episodes, profile: 'attentive' }); cpuS += cpu() - c0; km += t.km;
  }
  res.validateKmPerCpuS = +(km / cpuS).toFixed(1);
}
console.log(JSON.stringify(res));
