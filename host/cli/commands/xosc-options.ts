// The OpenSCENARIO import flags shared by the commands that load scenarios (run, test, sweep).
import { ScenarioError } from '../../sim/scenario.js';
import { EGO_MODES, type EgoMode, type ImportOptions } from '../../xosc/load.js';

export interface XoscCliOptions { ego?: string; egoMode?: string; seed?: string; param?: string[] }

export function xoscOptions(o: XoscCliOptions): ImportOptions & { parameters: Map<string, string> } {
  if (o.egoMode !== undefined && !EGO_MODES.includes(o.egoMode as EgoMode)) throw new ScenarioError('--ego-mode', o.egoMode, `must be one of ${EGO_MODES.join(', ')}`);
  const seed = Number(o.seed ?? 1);
  if (!Number.isInteger(seed) || seed < 0) throw new ScenarioError('--seed', String(o.seed), 'must be a whole number ≥ 0');
  const parameters = new Map<string, string>();
  for (const p of o.param ?? []) {
    const at = p.indexOf('=');
    if (at <= 0) throw new ScenarioError('--param', p, 'must be name=value');
    parameters.set(p.slice(0, at), p.slice(at + 1));
  }
  return { ego: o.ego, egoMode: o.egoMode as EgoMode | undefined, seed, parameters };
}
