// The scenarios a sweep starts from. A native file gives its own variants, and swept scenario
// fields are set on a copy per point. An OpenSCENARIO file (docs/openscenario.md) is imported once
// per combination of its swept ParameterDeclarations (a distribution: once per run as well), so
// the storyboard is compiled with the swept values; calibration values go on top as for any file.
import { basename } from 'node:path';
import { ScenarioError, type Scenario } from '../sim/scenario.js';
import { refuse } from '../xosc/errors.js';
import { isXoscPath, loadScenarioAny, openXosc, type ImportOptions } from '../xosc/load.js';
import { isCalibrationPath, pointScenario, type ParamValue, type SweepParam, type SweepPoint } from './sweep-spec.js';

export interface SweepScenarios {
  file: string;
  name: string;
  /** The scenario's own variant names (a grid's or a distribution's runs), in order. */
  variantNames: string[];
  /** The scenario per variant and imported parameter values: see `scenarioKey`. */
  scenarios: Record<string, Scenario>;
  /** Swept paths already applied by the import (OpenSCENARIO parameters); the rest go on a copy. */
  imported: string[];
  /** What an imported file holds that the simulation does not use (docs/openscenario.md). */
  notes: string[];
}

export const scenarioKey = (variant: string, params: Record<string, ParamValue>, imported: string[]) =>
  imported.length ? JSON.stringify([variant, imported.map((p) => params[p])]) : variant;

/** The scenario one point runs, checked like a file. */
export function scenarioOfPoint(s: Pick<SweepScenarios, 'file' | 'scenarios' | 'imported'>, p: Pick<SweepPoint, 'variant' | 'params'>): Scenario {
  const rest = Object.fromEntries(Object.entries(p.params).filter(([k]) => !s.imported.includes(k)));
  return pointScenario(s.scenarios[scenarioKey(p.variant, p.params, s.imported)], rest, s.file);
}

const combinations = (params: SweepParam[]): Record<string, ParamValue>[] =>
  params.reduce<Record<string, ParamValue>[]>((acc, p) => acc.flatMap((c) => p.values.map((v) => ({ ...c, [p.path]: v }))), [{}]);

const withLabel = (s: Scenario, values: Record<string, ParamValue>): Scenario => {
  const label = Object.entries(values).map(([k, v]) => `${k}=${v}`).join(',');
  return label ? { ...s, name: `${s.name}${s.name.includes('@') ? ',' : '@'}${label}` } : s;
};

/** Loads the sweep's scenario file; `variant` keeps only the own variants whose name contains it. */
export function sweepScenarios(path: string, params: SweepParam[], variant: string | undefined, xosc: ImportOptions = {}): SweepScenarios {
  const keep = (name: string) => !variant || name.includes(variant);
  const noVariant = (file: string): never => { throw new ScenarioError(file, 'variant', `no variant matches "${variant}"`); };
  if (!isXoscPath(path)) {
    const loaded = loadScenarioAny(path);
    const chosen = loaded.variants.filter((v) => keep(v.name));
    if (chosen.length === 0) noVariant(loaded.file);
    return { file: loaded.file, name: loaded.name, variantNames: chosen.map((v) => v.name), scenarios: Object.fromEntries(chosen.map((v) => [v.name, v])), imported: [], notes: [] };
  }
  const source = openXosc(path, xosc);
  const imported = params.filter((p) => !isCalibrationPath(p.path));
  for (const p of imported) {
    const setter = source.setByDistribution.get(p.path);
    if (setter) refuse(setter, `${p.path}: the distribution sets it; to sweep it, sweep the base scenario or change the distribution`);
  }
  const scenarios: Record<string, Scenario> = {};
  let variantNames: string[] = [];
  let name = '';
  const notes = new Set<string>();
  for (const values of combinations(imported)) {
    const { scenarios: converted, notes: n } = source.variants(new Map(Object.entries(values)));
    n.forEach((x) => notes.add(x));
    name ||= source.distribution ?? converted[0].name;
    variantNames = converted.map((s) => s.name);
    for (const s of converted) if (keep(s.name)) scenarios[scenarioKey(s.name, values, imported.map((p) => p.path))] = withLabel(s, values);
  }
  const chosen = variantNames.filter(keep);
  if (chosen.length === 0) noVariant(path);
  return { file: path, name: name || basename(path), variantNames: chosen, scenarios, imported: imported.map((p) => p.path), notes: [...notes] };
}
