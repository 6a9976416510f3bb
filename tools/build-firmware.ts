// Builds every release (and a debug build) from one source and writes a manifest with
// version, ABI version and hash, features and the SHA-256 of each module.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { computeLayout } from '../abi/layout.js';
import { ABI_VERSION, DEBUG_RELEASE, RELEASES, STATE_LAYOUT_VERSION } from '../abi/signals.js';

const root = join(import.meta.dirname, '..');
const outDir = join(root, 'build/firmware');
const asc = join(root, 'node_modules/.bin/asc');
const layout = computeLayout();
mkdirSync(outDir, { recursive: true });

interface Built { version: string; build: 'release' | 'debug'; file: string; sha256: string; bytes: number; features: string[]; abiVersion: number; abiHash: string; stateLayoutVersion: number }

function build(version: string, target: 'release' | 'debug'): Built {
  const id = version.replace(/\./g, '_');
  const file = `hpa-${version}${target === 'debug' ? '-debug' : ''}.wasm`;
  const wat = file.replace(/\.wasm$/, '.wat');
  // asc merges ./asconfig.json into every run: always name the config and the target.
  execFileSync(asc, [`assembly/generated/entry_${id}.ts`, '--config', 'asconfig.json', '--target', target,
    '-o', join(outDir, file), '-t', join(outDir, wat)], { cwd: root, stdio: 'inherit' });
  const text = readFileSync(join(outDir, wat), 'utf8');
  // No allocation may reach the step path: the release must not even link an allocator.
  if (target === 'release' && /\b(__new|__alloc|__renew)\b/.test(text)) throw new Error(`${file}: the firmware allocates (found __new/__alloc in ${wat})`);
  const bytes = readFileSync(join(outDir, file));
  return {
    version, build: target, file, sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length,
    features: RELEASES[version].features, abiVersion: ABI_VERSION, abiHash: `0x${layout.abiHash.toString(16)}`,
    stateLayoutVersion: STATE_LAYOUT_VERSION,
  };
}

const firmware = [
  ...Object.keys(RELEASES).map((v) => build(v, 'release')),
  build(DEBUG_RELEASE, 'debug'),
];
writeFileSync(join(outDir, 'manifest.json'), JSON.stringify({ firmware }, null, 2) + '\n');
for (const f of firmware) console.log(`firmware ${f.version} ${f.build}: ${f.file} ${f.bytes} B sha256 ${f.sha256.slice(0, 16)}…`);
