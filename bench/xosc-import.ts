// Benchmark (not a test): a 50-variation OpenSCENARIO distribution, imported and run, against
// the same 50-point grid in the native JSON format, each through the CLI in a fresh process.
// Usage (after npm run build): npx tsx bench/xosc-import.ts [--sweep]
//   --sweep: time `hpa sweep <file> --json` (worker threads, one per core) instead of `hpa run`.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
const EGO_KPH = [35, 40, 45, 50, 55, 60, 65, 70, 75, 80];
const TARGET_KPH = [0, 5, 10, 15, 20];

/** The grid as a distribution over the team's shipped CCR base (run for its whole duration, as the
 * native runs are: ProtocolEnd=false), and the same grid as native JSON, in a temp folder. */
function writeInputs(): { xosc: string; native: string } {
  const dir = mkdtempSync(join(tmpdir(), 'hpa-xosc-bench-'));
  const base = join(ROOT, 'scenarios', 'xosc', 'euro-ncap-ccr-base.xosc');
  const set = (name: string, values: (number | boolean)[]) => `<DeterministicSingleParameterDistribution parameterName="${name}"><DistributionSet>${values.map((v) => `<Element value="${v}"/>`).join('')}</DistributionSet></DeterministicSingleParameterDistribution>`;
  writeFileSync(join(dir, 'grid.xosc'), `<OpenSCENARIO><FileHeader revMajor="1" revMinor="2" date="2026-11-27T00:00:00" description="bench" author="HPA-ECU team"/><ParameterValueDistribution><ScenarioFile filepath="${base}"/><Deterministic>${set('EgoSpeedKph', EGO_KPH)}${set('TargetSpeedKph', TARGET_KPH)}${set('ProtocolEnd', [false])}</Deterministic></ParameterValueDistribution></OpenSCENARIO>`);
  const native = {
    name: 'bench', durationS: 14, road: { speedLimitKph: 130, lanes: 3 }, ego: { speedKph: 50, setSpeedKph: 50, lane: 0, assist: 'off' },
    objects: [{ id: 'Target', kind: 'car', atTtcS: 4, lane: 0, speedKph: 0 }], sensors: { seed: 1 },
    grid: { 'ego.speedKph,ego.setSpeedKph': EGO_KPH, 'objects.0.speedKph': TARGET_KPH },
  };
  writeFileSync(join(dir, 'grid.json'), JSON.stringify(native));
  return { xosc: join(dir, 'grid.xosc'), native: join(dir, 'grid.json') };
}

const SWEEP = process.argv.includes('--sweep');

/** Wall time of the user's command, `hpa run <file> --json` (or `hpa sweep`), in a fresh process. */
function timeCli(file: string): number {
  const args = SWEEP ? ['sweep', file, '--json', '--fresh', '-o', `${file}.results.jsonl`] : ['run', file, '--json'];
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'hpa.js'), ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(r.stderr);
  const out = JSON.parse(r.stdout);
  if ((SWEEP ? out.rows : out.runs).length !== 50) throw new Error('expected 50 runs');
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

const inputs = writeInputs();
const times: Record<'native' | 'xosc', number[]> = { native: [], xosc: [] };
// Alternate the formats so a busy neighbour on the shared machine slows both alike.
for (let i = 0; i < 7; i++) for (const f of ['native', 'xosc'] as const) times[f].push(timeCli(inputs[f]));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const native = median(times.native), xosc = median(times.xosc);
console.log(`hpa ${SWEEP ? 'sweep' : 'run'} <50-run grid> --json, median of 7 fresh processes each: native JSON ${native.toFixed(0)} ms, OpenSCENARIO ${xosc.toFixed(0)} ms, ratio ${(xosc / native).toFixed(2)}`);
