// Where the time went in the avoidable collisions of an `hpa validate --json` report: for each
// (or every Nth) avoidable collision, the episode is regenerated and replayed, and the chain is
// printed: when the hit object came into view (host/validate/avoidability.ts), the deceleration a
// stop then needed by the 9 m/s²-after-0.3 s rule, when the ECU was first told of it, when
// emergency braking started, when the car reached 8.5 m/s², and the impact speed.
//   npx tsx tools/reveal-chain.ts report.json [--every 8]
import { readFileSync } from 'node:fs';
import { IN, OUT } from '../host/ecu/abi-views.js';
import { Ecu } from '../host/ecu/ecu.js';
import { EcuController } from '../host/runner/controller.js';
import { runScenario } from '../host/sim/run.js';
import { LATENCY_S, measureReveal } from '../host/validate/avoidability.js';
import type { ValidateReport } from '../host/validate/validate.js';
import { generateEpisode } from '../host/validate/traffic.js';

const [file, flag, n] = process.argv.slice(2);
if (!file) { console.error('usage: npx tsx tools/reveal-chain.ts <report.json> [--every N]'); process.exit(2); }
const every = flag === '--every' ? Number(n) : 1;
const report = JSON.parse(readFileSync(file, 'utf8')) as ValidateReport;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

for (const fw of report.firmware) {
  const ecu = Ecu.load(fw.version);
  if (ecu.info.sha256 !== fw.sha256) console.warn(`note: ${fw.version} here is ${ecu.info.sha256.slice(0, 12)}…, the report ran ${fw.sha256.slice(0, 12)}…`);
  const controller = new EcuController(ecu);
  const delays: number[] = [], needs: number[] = [];
  const avoidable = fw.totals.failed.filter((f) => f.avoidable).filter((_, k) => k % every === every - 1 || every === 1);
  for (const f of avoidable) {
    const ep = generateEpisode(report.seed, f.index, report.profile, report.conditions);
    const hit = f.what.replace(/^collision with /, '');
    ecu.reset();
    const reveal = measureReveal(ep.scenario, controller, hit);
    if (!reveal) { console.log(`${fw.version} episode ${f.index}: ${hit} never came into view`); continue; }
    let toldS = NaN, aebS = NaN, fullS = NaN;
    ecu.reset();
    const r = runScenario(ep.scenario, {
      controller, onCycle: (sim) => {
        if (sim.tS < reveal.tS) return;
        const i = ecu.inputs, o = sim.outputs;
        // Told: a reported object moving as the hit one does, near where it is now.
        const objectMps = sim.ego.speedMps - reveal.closingMps;
        const nearM = Math.abs(i[IN.leadDistM] - (reveal.gapM - reveal.closingMps * (sim.tS - reveal.tS))) < 6;
        if (Number.isNaN(toldS) && i[IN.leadValid] !== 0 && nearM && Math.abs(sim.ego.speedMps + i[IN.leadRelSpeedMps] - objectMps) < 1.5) toldS = sim.tS;
        if (Number.isNaN(aebS) && o[OUT.aebActive] !== 0) aebS = sim.tS;
        if (Number.isNaN(fullS) && sim.ego.accelMps2 < -8.5) fullS = sim.tS;
      },
    });
    const need = reveal.closingMps ** 2 / (2 * (reveal.gapM - reveal.closingMps * LATENCY_S));
    delays.push(toldS - reveal.tS); needs.push(need);
    console.log(`${fw.version} episode ${f.index} (${ep.scenario.sensors?.weather ?? 'clear'}): in view ${reveal.tS} s at ${reveal.gapM.toFixed(1)} m, ${(reveal.closingMps * 3.6).toFixed(1)} km/h closing, needs ${need.toFixed(2)} m/s²; ECU told +${(toldS - reveal.tS).toFixed(2)} s, AEB +${(aebS - reveal.tS).toFixed(2)} s, 8.5 m/s² +${(fullS - reveal.tS).toFixed(2)} s; impact ${r.impactSpeedKph ?? 'none'} km/h`);
  }
  if (delays.length) console.log(`${fw.version}: ${delays.length} episodes; ECU told after a median ${median(delays).toFixed(2)} s (${Math.min(...delays).toFixed(2)}–${Math.max(...delays).toFixed(2)}); needed ${Math.min(...needs).toFixed(2)}–${Math.max(...needs).toFixed(2)} m/s², median ${median(needs).toFixed(2)}`);
}
