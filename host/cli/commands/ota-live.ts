// `hpa ota live <package>`: a release arrives while the firmware runs in real time; prepared in a
// worker thread, shadowed, swapped at a cycle boundary, trialled (logic in host/ota/realtime-swap).
import type { Command } from 'commander';
import { ATTACKS } from '../../ota/errors.js';
import { guarded } from './ota-guard.js';
import { runRealtimeSwap, type RealtimeSwapResult } from '../../ota/swap/realtime-swap.js';
import type { RealtimeStrategy } from '../../realtime/realtime-types.js';

const us = (x: number | null | undefined) => (x === null || x === undefined ? '–' : `${x.toFixed(1)} µs`);
const num = (s: string | undefined) => (s === undefined ? undefined : Number(s));

function format(r: RealtimeSwapResult): string {
  const c = (name: string, k: RealtimeSwapResult['steady']) => `  ${name.padEnd(9)} ${String(k.n).padStart(6)} cycles  p50 ${us(k.p50)}  p99 ${us(k.p99)}  max ${us(k.max)}  overruns ${k.overruns}`;
  const p = r.prep;
  const prep = !p ? 'no package handled' : p.kind === 'ready' || p.kind === 'rejected'
    ? `prep worker (thread ${p.prepThreadId}): ${p.prepMs.toFixed(1)} ms (verify ${p.verifyMs.toFixed(1)} ms, burn-in ${p.burnInMs.toFixed(1)} ms${p.kind === 'ready' ? ` for ${p.burnInSteps} steps` : ''}); Wasm compiles on the loop thread after start: ${r.compilesInLoop}`
    : `prep worker (thread ${p.prepThreadId}): ${p.prepMs.toFixed(1)} ms`;
  const outcome = r.outcome === 'refused' ? `refused (${r.refusal})` : r.outcome === 'rejected' ? `rejected before the swap (${r.rejectReason})` : r.outcome;
  const lines = [
    `${r.cycles} cycles at ${r.hz} Hz (${r.strategy}), uptime before the clock ${r.uptimeCycles} cycles: ${r.versionAtStart} → ${r.versionAtEnd}: ${outcome}`,
    `overruns ${r.overruns} (${r.overrunEpisodes} episodes); start jitter p50 ${us(r.jitterUs.p50)} p99 ${us(r.jitterUs.p99)} max ${us(r.jitterUs.max)}`,
    prep,
    `cycle wall time by what the loop did:`, c('steady', r.steady), c('preparing', r.preparing), c('shadow', r.shadow), c('trial', r.trial),
  ];
  if (r.swapCycleUs !== null) {
    // Noise: the steady cycles' own p50→p99 spread; a difference below it cannot be told from jitter.
    const within = r.swapCycleUs <= r.steady.p99 + (r.steady.p99 - r.steady.p50);
    lines.push(`swap at cycle ${r.swapCycle}: boundary (state copy + switch, in the slack) ${us(r.boundaryUs)}; swap cycle ${us(r.swapCycleUs)} vs steady p99 ${us(r.steady.p99)} (p50 ${us(r.steady.p50)}): ${within ? 'within' : 'ABOVE'} the steady p99 + noise${r.swapCycleOverrun ? ', OVERRAN' : ''}; shadow adopted in ${us(r.adoptUs)} of slack`);
  }
  for (const e of r.events) lines.push(`  cycle ${e.cycle}: ${e.type} ${e.version}${e.fault ? ` ${e.fault}` : ''}${e.detail ? ` (${e.detail})` : ''}`);
  return lines.join('\n');
}

export function registerOtaLive(ota: Command): void {
  ota.command('live <package>').description('a release arrives while the loop runs in real time: prepared off the loop, shadowed, swapped, trialled')
    .option('--hz <n>', 'loop rate', '1000')
    .option('--seconds <s>', 'run length', '10')
    .option('--at <s>', 'arrival of the package after the clock starts', '3')
    .option('--firmware <ref>', 'running version (built version or .wasm)', '1.0.0')
    .option('--dir <dir>', 'device state whose anti-rollback floor, hardware id and root apply (default $HPA_OTA_DIR or .hpa/ota)')
    .option('--root <file>', 'the vehicle\'s trusted root (default <dir>/root.json)')
    .option('--allow-live-activation', 'required: this bench / HIL run swaps while the loop drives (a vehicle activates parked)')
    .option('--hardware <id>', 'vehicle hardware id')
    .option('--strategy <s>', 'spin | sleep-spin | atomics', 'spin')
    .option('--uptime-cycles <n>', 'cycles the vehicle has been up before the clock starts (default 20000)')
    .option('--shadow-cycles <n>', 'shadow window (default 0.3 s of cycles)')
    .option('--trial-cycles <n>', 'trial window (default 2 s of cycles)')
    .option('--json', 'JSON output')
    .action(async (pkg: string, o: { hz: string; seconds: string; at: string; firmware: string; dir?: string; allowLiveActivation?: boolean; root?: string; hardware?: string; strategy: string; uptimeCycles?: string; shadowCycles?: string; trialCycles?: string; json?: boolean }) => guarded(async () => {
      const r = await runRealtimeSwap({
        packagePath: pkg, hz: Number(o.hz), seconds: Number(o.seconds), atS: Number(o.at), startFirmware: o.firmware, trustConfig: o.root, hardwareId: o.hardware, dir: o.dir, allowLiveActivation: o.allowLiveActivation,
        strategy: o.strategy as RealtimeStrategy, uptimeCycles: num(o.uptimeCycles), shadowCycles: num(o.shadowCycles), trialCycles: num(o.trialCycles),
      });
      console.log(o.json ? JSON.stringify(r) : format(r));
      // As `hpa ota install`: a refusal exits with the attack's code, a rolled-back trial with 7.
      if (r.outcome === 'refused' && r.refusal) {
        console.error(`hpa: refused (${r.refusal}): the real-time live swap refused ${pkg}; staying on ${r.versionAtEnd}`);
        process.exitCode = ATTACKS[r.refusal];
      }
      else if (r.outcome === 'rolled-back' || r.outcome === 'rejected') process.exitCode = 7;
    }, o.json));
}
