// Shares of a `node --cpu-prof` profile by part of the closed loop (self time by source file):
// usage: node tools/perf/profile-shares.mjs <file.cpuprofile>. With TurboFan inlining an inlined
// function's time counts to its caller's file; profile with --no-turbo-inlining for a cleaner split.
import { readFileSync } from 'node:fs';
if (!process.argv[2]) { console.error('usage: node tools/perf/profile-shares.mjs <file.cpuprofile>'); process.exit(1); }
const p = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const byId = new Map(p.nodes.map((n) => [n.id, n]));
const parent = new Map(); for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const selfT = new Map(); let total = 0;
for (let i = 0; i < p.samples.length; i++) { selfT.set(p.samples[i], (selfT.get(p.samples[i]) ?? 0) + p.timeDeltas[i]); total += p.timeDeltas[i]; }
const cat = (n) => {
  const u = n.callFrame.url, f = n.callFrame.functionName;
  if (u.startsWith('wasm') || f.startsWith('js-to-wasm') || f.startsWith('wasm-to-js')) return 'firmware (Wasm step + JS→Wasm call)';
  if (f === '(garbage collector)') return 'GC';
  if (f === '(idle)' || f === '(program)') return 'idle/program';
  if (/sim\/(sensor|random)\.js|perception\//.test(u)) return 'perception (sensor.ts, perception/, random.ts)';
  if (/sim\/world\.js/.test(u)) return 'scene (world.ts: objects, road)';
  if (/sim\/driver\.js/.test(u)) return 'driver (driver.ts)';
  if (/sim\/plant\.js|sim\/contact\.js/.test(u)) return 'plant + contact';
  if (/sim\/simulation\.js|runner\/controller\.js/.test(u)) return 'simulation glue (frame, events, plant step, contact)';
  if (/sim\/(run|timeline|phantom-brakes|iso-limits)\.js/.test(u)) return 'run metrics (run.ts observe, timeline, phantom brakes, ISO)';
  if (/validate\//.test(u)) return 'validate (episode generation, totals)';
  return 'other (module loading, startup)';
};
const acc = new Map();
for (const [id, t] of selfT) { const k = cat(byId.get(id)); acc.set(k, (acc.get(k) ?? 0) + t); }
const busy = total - (acc.get('idle/program') ?? 0) - (acc.get('other (module loading, startup)') ?? 0);
for (const [k, t] of [...acc].sort((a, b) => b[1] - a[1])) console.log(`| ${k} | ${(100 * t / total).toFixed(1)} % | ${['idle/program','other (module loading, startup)'].includes(k) ? '–' : (100 * t / busy).toFixed(1) + ' %'} |`);
console.log('total ms', (total / 1000).toFixed(0));
