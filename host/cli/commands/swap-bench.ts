// `hpa ota swap-bench`: many live swaps between two versions in one loop (logic in host/ota/swap-bench).
import type { Command } from 'commander';
import { runSwapBench } from '../../ota/swap/swap-bench.js';

const us = (x: number) => `${x.toFixed(2)} µs`;

export function registerSwapBench(ota: Command): void {
  ota.command('swap-bench').description('swap between two versions at cycle boundaries many times; check missed cycles, bit-identical outputs, swap-cycle time')
    .option('--from <version>', 'first version (built version or .wasm)', '1.0.0')
    .option('--to <version>', 'second version', '1.1.0')
    .option('--swaps <n>', 'number of swaps', '1000')
    .option('--segment <cycles>', 'cycles between swaps', '50')
    .option('--trial <cycles>', 'trial window after each swap', '20')
    .option('--seed <n>', 'drive seed', '1')
    .option('--json', 'JSON output')
    .action((o: { from: string; to: string; swaps: string; segment: string; trial: string; seed: string; json?: boolean }) => {
      const r = runSwapBench({ from: o.from, to: o.to, swaps: Number(o.swaps), segmentCycles: Number(o.segment), trialCycles: Number(o.trial), seed: Number(o.seed) });
      if (o.json) { console.log(JSON.stringify(r)); return; }
      console.log(`${r.swaps} swaps ${r.from} ⇄ ${r.to} over ${r.cycles} cycles: missed cycles ${r.missedCycles} (steady cycles preempted past the budget by the OS: ${r.steadyOverruns}), outputs ${r.bitIdentical ? 'bit-identical' : `DIFFER in ${r.mismatchedCycles} cycles`} to a fresh ${r.to}/${r.from} started from the same state (${r.comparedCycles} cycles compared)`);
      console.log(`steady cycle p50 ${us(r.steady.p50Us)} p99 ${us(r.steady.p99Us)} max ${us(r.steady.maxUs)}; swap cycle p50 ${us(r.swapCycle.p50Us)} p99 ${us(r.swapCycle.p99Us)} max ${us(r.swapCycle.maxUs)}; boundary state copy p50 ${us(r.boundaryCopy.p50Us)}; timer overhead ${us(r.timerOverheadUs)}; budget ${us(r.cycleBudgetUs)}`);
    });
}
