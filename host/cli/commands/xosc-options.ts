// The OpenSCENARIO import flags shared by the commands that load scenarios (run, test, sweep).
import type { Command } from 'commander';
import { ScenarioError } from '../../sim/scenario.js';
import { EGO_MODES, type EgoMode, type ImportOptions } from '../../xosc/load.js';

export interface XoscCliOptions { ego?: string; egoMode?: string; seed?: string; param?: string[] }

/** Adds --ego, --ego-mode and --seed (run and test also take `--param name=value`). */
export function addXoscImportFlags(command: Command): Command {
  return command
    .option('--ego <name>', 'OpenSCENARIO: the entity the ECU drives (default: the first vehicle)')
    .option('--ego-mode <mode>', 'OpenSCENARIO: engaged (pilot on) | aeb-only (pilot off, passive driver holds speed) | hold (ECU commands not applied)', 'aeb-only')
    .option('--seed <n>', 'OpenSCENARIO: sensor noise seed (and stochastic distributions without a randomSeed)', '1');
}

/** --ego, --ego-mode and --seed checked. */
export function xoscImportOptions(o: Omit<XoscCliOptions, 'param'>): ImportOptions {
  if (o.egoMode !== undefined && !EGO_MODES.includes(o.egoMode as EgoMode)) throw new ScenarioError('--ego-mode', o.egoMode, `must be one of ${EGO_MODES.join(', ')}`);
  const seed = Number(o.seed ?? 1);
  if (!Number.isInteger(seed) || seed < 0) throw new ScenarioError('--seed', String(o.seed), 'must be a whole number ≥ 0');
  return { ego: o.ego, egoMode: o.egoMode as EgoMode | undefined, seed };
}

export function xoscOptions(o: XoscCliOptions): ImportOptions & { parameters: Map<string, string> } {
  const options = xoscImportOptions(o);
  const parameters = new Map<string, string>();
  for (const p of o.param ?? []) {
    const at = p.indexOf('=');
    if (at <= 0) throw new ScenarioError('--param', p, 'must be name=value');
    parameters.set(p.slice(0, at), p.slice(at + 1));
  }
  return { ...options, parameters };
}
