// `hpa hil rig` as a library function: resolves the scenario, connects, runs every selected variant
// against the served ECU and returns the runs with both sides' link counters.
import { resolveScenarioPath } from '../app/run-command.js';
import type { RunResult } from '../sim/run.js';
import { loadScenarioFile, ScenarioError } from '../sim/scenario.js';
import type { BindAddress } from './bind-address.js';
import type { FaultRates } from './faults.js';
import type { LinkCounters } from './link-counters.js';
import { RigConnection, runScenarioOverUdp, type RigStats } from './rig.js';

export interface RigCommandOptions { connect: BindAddress; variant?: string; faults?: FaultRates; replyTimeoutMs?: number }
export interface RigCommandResult { name: string; results: RunResult[]; rig: RigStats; ecu: LinkCounters & { cycles: number } }

export async function rigCommand(ref: string, o: RigCommandOptions): Promise<RigCommandResult> {
  const file = loadScenarioFile(resolveScenarioPath(ref));
  const variants = o.variant ? file.variants.filter((v) => v.name.includes(o.variant!)) : file.variants;
  if (variants.length === 0) throw new ScenarioError(file.file, 'variant', `no variant matches "${o.variant}"; have ${file.variants.map((v) => v.name).join(', ')}`);
  const rig = new RigConnection(o.connect, o.faults ?? {}, o.replyTimeoutMs);
  try {
    const results: RunResult[] = [];
    for (const s of variants) results.push(await runScenarioOverUdp(rig, s));
    // The ECU's counters are cumulative since the server started.
    return { name: file.name, results, rig: rig.stats(), ecu: await rig.serverCounters() };
  } finally {
    await rig.close();
  }
}
