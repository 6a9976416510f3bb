// Scenario files named on the command line: files, shipped names, or folders (searched
// recursively for *.json / *.yaml / *.yml and OpenSCENARIO *.xosc, catalogs excepted). A file that
// does not load is kept as a failure.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { resolveScenarioPath } from '../app/run-command.js';
import { ScenarioError, type ScenarioFile } from '../sim/scenario.js';
import { loadScenarioAny, xoscFileKind } from '../xosc/load.js';

export type LoadedFile = ScenarioFile | { file: string; error: string };

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name)).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return walk(p);
    if (/\.xosc$/i.test(e.name)) return xoscKind(p) === 'catalog' ? [] : [p];
    return /\.(json|ya?ml)$/i.test(e.name) ? [p] : [];
  });
}

/** A catalog holds entries for other files; an unreadable file is reported when it is loaded. */
function xoscKind(path: string): string {
  try { return xoscFileKind(path); } catch { return 'scenario'; }
}

export function scenarioPaths(refs: string[]): string[] {
  return refs.flatMap((ref) => {
    const path = resolveScenarioPath(ref);
    let dir = false;
    try { dir = statSync(path).isDirectory(); } catch { /* reported when loading */ }
    return dir ? walk(path) : [path];
  });
}

export function loadScenarioFiles(refs: string[]): LoadedFile[] {
  return scenarioPaths(refs).map((path) => {
    try {
      return loadScenarioAny(path);
    } catch (e) {
      if (e instanceof ScenarioError) return { file: path, error: e.message };
      throw e;
    }
  });
}
