// Entry of a benchmark child process: one measurement (one variant) per process, so no timing
// loop ever shares V8 feedback with another variant. Prints its result as the last stdout line.
const [task, json] = process.argv.slice(2);
const args = JSON.parse(json ?? '{}');

async function run(): Promise<unknown> {
  switch (task) {
    case 'step-ns': return (await import('./step-ns.js')).measureStepNs(args);
    case 'latency': return (await import('./latency.js')).measureCycleLatency(args);
    case 'swap': return (await import('./swap.js')).measureSwap(args);
    case 'closed-loop': return (await import('./closed-loop.js')).measureClosedLoop(args);
    case 'micro': return (await import('./micro.js')).runMicroSuite(args);
    default: throw new Error(`unknown bench task "${task}"`);
  }
}

run().then(
  (result) => { process.stdout.write(`\n@@result ${JSON.stringify(result)}\n`); },
  (err) => { console.error(err instanceof Error ? err.stack : err); process.exit(1); },
);
