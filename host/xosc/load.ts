// loadScenarioAny: the one loader every command uses. A `.xosc` file is imported (a scenario, or
// a ParameterValueDistribution → one variant per run); anything else goes to the native loader.
import { basename, dirname, extname, resolve } from 'node:path';
import { loadScenarioFile, type Scenario, type ScenarioFile } from '../sim/scenario.js';
import { convertScenario, type ImportOptions } from './convert.js';
import { expandDistribution } from './distribution.js';
import { refuse } from './errors.js';
import type { Value } from './expression.js';
import { child, readXmlFile } from './xml.js';

export type { ImportOptions } from './convert.js';
export type { EgoMode } from './compile/context.js';
export { EGO_MODES } from './compile/context.js';

export interface LoadedScenarios extends ScenarioFile { notes: string[] }

const label = (values: Map<string, Value>) => [...values].map(([k, v]) => `${k}=${v}`).join(',');

/** What an .xosc file holds: a folder of scenarios also holds catalogs, which do not run. */
export function xoscFileKind(path: string): 'scenario' | 'distribution' | 'catalog' {
  const root = readXmlFile(path);
  if (child(root, 'ParameterValueDistribution')) return 'distribution';
  if (child(root, 'Catalog')) return 'catalog';
  return 'scenario';
}

/** Loads any scenario file: native JSON/YAML, an OpenSCENARIO scenario or distribution. */
export function loadScenarioAny(path: string, opts: ImportOptions & { parameters?: Map<string, Value> } = {}): LoadedScenarios {
  if (extname(path).toLowerCase() !== '.xosc') return { ...loadScenarioFile(path), notes: [] };
  const root = readXmlFile(path);
  if (child(root, 'Catalog')) refuse(child(root, 'Catalog')!, 'a catalog file: it holds entries for scenarios to reference, it does not run');
  const pvd = child(root, 'ParameterValueDistribution');
  const notes = new Set<string>();
  const variants: Scenario[] = [];
  if (pvd) {
    const { scenarioFile, runs } = expandDistribution(pvd, opts.seed ?? 1);
    const base = resolve(dirname(path), scenarioFile);
    const baseRoot = readXmlFile(base);
    if (child(baseRoot, 'ParameterValueDistribution')) refuse(child(pvd, 'ScenarioFile')!, 'the ScenarioFile is itself a distribution');
    const name = basename(path).replace(/\.xosc$/i, '');
    for (const values of runs) {
      const merged = new Map([...(opts.parameters ?? []), ...values]);
      const { scenario, notes: n } = convertScenario(baseRoot, base, merged, opts);
      scenario.name = `${name}@${label(values)}`;
      n.forEach((x) => notes.add(x));
      variants.push(scenario);
    }
    return { file: path, name, variants, notes: [...notes] };
  }
  const { scenario, notes: n } = convertScenario(root, path, opts.parameters ?? new Map(), opts);
  return { file: path, name: scenario.name, variants: [scenario], notes: n };
}
