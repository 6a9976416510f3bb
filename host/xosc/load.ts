// loadScenarioAny: the one loader every command uses. A `.xosc` file is imported (a scenario, or
// a ParameterValueDistribution → one variant per run); anything else goes to the native loader.
import { basename, dirname, extname, resolve } from 'node:path';
import { loadScenarioFile, type Scenario, type ScenarioFile } from '../sim/scenario.js';
import { convertScenario, type ImportOptions } from './convert.js';
import { expandDistribution, type Assignment } from './distribution.js';
import { refuse } from './errors.js';
import type { Value } from './expression.js';
import { child, childrenNamed, readXmlFile, type XmlNode } from './xml.js';

export type { ImportOptions } from './convert.js';
export type { EgoMode } from './compile/context.js';
export { EGO_MODES } from './compile/context.js';

export interface LoadedScenarios extends ScenarioFile { notes: string[] }

const label = (values: Map<string, Value>) => [...values].map(([k, v]) => `${k}=${v}`).join(',');

export const isXoscPath = (path: string) => extname(path).toLowerCase() === '.xosc';

/** What an .xosc file holds: a folder of scenarios also holds catalogs, which do not run. */
export function xoscFileKind(path: string): 'scenario' | 'distribution' | 'catalog' {
  const root = readXmlFile(path);
  if (child(root, 'ParameterValueDistribution')) return 'distribution';
  if (child(root, 'Catalog')) return 'catalog';
  return 'scenario';
}

/** An .xosc scenario or distribution parsed once; `variants` converts it for given parameter values. */
export interface XoscSource {
  file: string;
  /** The distribution's name (its file name), or null for a single scenario. */
  distribution: string | null;
  /** The top-level ParameterDeclarations of the (base) scenario, by name. */
  declared: Set<string>;
  /** The elements of a distribution that set a parameter, by parameter name. */
  setByDistribution: Map<string, XmlNode>;
  /** One scenario per run of the distribution (one for a scenario), `overrides` on top of the declared values. */
  variants(overrides: Map<string, Value>): { scenarios: Scenario[]; notes: string[] };
}

/** Parses an .xosc file (and a distribution's base scenario) once; refuses a catalog. */
export function openXosc(path: string, opts: ImportOptions = {}): XoscSource {
  const root = readXmlFile(path);
  if (child(root, 'Catalog')) refuse(child(root, 'Catalog')!, 'a catalog file: it holds entries for scenarios to reference, it does not run');
  const pvd = child(root, 'ParameterValueDistribution');
  let runs: Assignment[] = [new Map()];
  let base = path, baseRoot = root;
  const setByDistribution = new Map<string, XmlNode>();
  if (pvd) {
    const expanded = expandDistribution(pvd, opts.seed ?? 1);
    runs = expanded.runs;
    base = resolve(dirname(path), expanded.scenarioFile);
    baseRoot = readXmlFile(base);
    if (child(baseRoot, 'ParameterValueDistribution')) refuse(child(pvd, 'ScenarioFile')!, 'the ScenarioFile is itself a distribution');
    collectSetters(pvd, setByDistribution);
  }
  const declarations = child(baseRoot, 'ParameterDeclarations');
  const declared = new Set(declarations ? childrenNamed(declarations, 'ParameterDeclaration').map((d) => d.attrs.name).filter(Boolean) : []);
  const name = pvd ? basename(path).replace(/\.xosc$/i, '') : null;
  return {
    file: path, distribution: name, declared, setByDistribution,
    variants(overrides) {
      const notes = new Set<string>();
      const scenarios = runs.map((values) => {
        const { scenario, notes: n } = convertScenario(baseRoot, base, new Map([...overrides, ...values]), opts);
        if (name !== null) scenario.name = `${name}@${label(values)}`;
        n.forEach((x) => notes.add(x));
        return scenario;
      });
      return { scenarios, notes: [...notes] };
    },
  };
}

function collectSetters(node: XmlNode, out: Map<string, XmlNode>): void {
  const name = node.attrs.parameterName ?? node.attrs.parameterRef;
  if (name !== undefined && !out.has(name)) out.set(name, node);
  for (const c of node.children) collectSetters(c, out);
}

/** Loads any scenario file: native JSON/YAML, an OpenSCENARIO scenario or distribution. */
export function loadScenarioAny(path: string, opts: ImportOptions & { parameters?: Map<string, Value> } = {}): LoadedScenarios {
  if (!isXoscPath(path)) return { ...loadScenarioFile(path), notes: [] };
  const source = openXosc(path, opts);
  const { scenarios, notes } = source.variants(opts.parameters ?? new Map());
  return { file: path, name: source.distribution ?? scenarios[0].name, variants: scenarios, notes };
}
