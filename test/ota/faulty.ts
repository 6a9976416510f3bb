// The deliberately faulty builds of tools/build-faulty.ts (one AssemblyScript compile each, ~8 s of
// CPU) once per test run for each kind, cycle, version and layout; each caller gets its own copy.
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildFaulty, type FaultKind } from '../../tools/build-faulty.js';
import { sharedOnce } from '../shared-once.js';

/** As buildFaulty(outDir, …): the .wasm path, in outDir. */
export async function faultyBuild(outDir: string, kind: FaultKind, atCycle: number, version = '1.2.0', stateLayout?: number): Promise<string> {
  const build = (dir: string) => buildFaulty(dir, kind, atCycle, version, stateLayout);
  const shared = await sharedOnce(`faulty-${kind}-${atCycle}-${version}-${stateLayout ?? 'own'}`, build);
  if (!shared) return build(outDir);
  const name = readdirSync(shared).find((f) => f.endsWith('.wasm'))!;
  mkdirSync(outDir, { recursive: true });
  copyFileSync(join(shared, name), join(outDir, name));
  return join(outDir, name);
}
