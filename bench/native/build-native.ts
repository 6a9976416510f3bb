// Builds the native (wasm2c + gcc -O2) twins of a firmware at bench time: the release .wasm is
// translated to C here and never committed. Output is cached per wasm + harness hash.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SOURCE_DIR = fileURLToPath(new URL('.', import.meta.url)).replace(/\/dist\/bench\/native\/?$/, '/bench/native');
export const NATIVE_OUT_DIR = join(SOURCE_DIR, 'out');
export const INSTALL_HINT = 'sudo apt-get install -y wabt gcc libc6-dev   (Debian/Ubuntu: wasm2c comes with the wabt package)';

const RUNTIME_DIRS = ['/usr/share/wabt/wasm2c', '/usr/src/wasm2c', '/usr/local/share/wabt/wasm2c'];

/** The wasm2c runtime sources of this machine: its directory and every `wasm-rt-*impl.c` part. */
export function findWasm2cRuntime(): { dir: string; parts: string[] } | undefined {
  const dir = RUNTIME_DIRS.find((d) => existsSync(join(d, 'wasm-rt-impl.c')));
  // Newer wabt releases split the runtime (wasm-rt-mem-impl.c, …): compile every part present.
  return dir ? { dir, parts: readdirSync(dir).filter((f) => /^wasm-rt-.*impl\.c$/.test(f)).map((f) => join(dir, f)) } : undefined;
}

/** The C function wasm2c generated for a Wasm export (its naming differs across wabt releases). */
export function wasm2cExportName(header: string, name: string): string {
  const m = header.match(new RegExp(`/\\* export: '${name}' \\*/\\s*\\n[^\\n]*?(\\w+)\\(`));
  if (!m) throw new Error(`wasm2c header has no export "${name}"`);
  return m[1];
}
const HARNESSES = ['step-harness', 'rt-runner'] as const;
/** Bump when the build recipe (flags, generated glue) changes, so cached binaries are rebuilt. */
const RECIPE = 'gcc-O2-v3';

export type NativeBuild =
  | { ok: true; stepHarness: string; rtRunner: string; dir: string }
  | { ok: false; reason: string; install: string };

function which(tool: string): boolean {
  try { execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' }); return true; } catch { return false; }
}

/** Maps wasm2c's naming (which changed across wabt releases) onto the FW_* macros of fw.h. */
export function namesHeader(header: string, moduleName: string): string {
  const exportFn = (name: string) => wasm2cExportName(header, name);
  const fn = (suffix: string) => header.match(new RegExp(`void (\\w+${suffix})\\(`))?.[1];
  const instance = header.match(/typedef struct (\w+) \{/)?.[1];
  const instantiate = fn('_instantiate');
  if (!instance || !instantiate) throw new Error('unrecognised wasm2c header layout');
  const init = fn('_init_module');
  return [
    `#include "${moduleName}.h"`,
    `#define FW_INSTANCE_T ${instance}`,
    `#define FW_INIT_MODULE() ${init ? `${init}()` : '((void)0)'}`,
    `#define FW_INSTANTIATE ${instantiate}`,
    `#define FW_STEP ${exportFn('step')}`,
    `#define FW_RESET ${exportFn('reset')}`,
    `#define FW_LAYOUT_BASE ${exportFn('layoutBase')}`,
    `#define FW_MEMORY ${exportFn('memory')}`,
    '',
  ].join('\n');
}

/** Why wasm2c + gcc cannot build here, or undefined when they can. */
export function missingNativeTools(): string | undefined {
  const missing = ['wasm2c', 'gcc'].filter((t) => !which(t));
  if (missing.length) return `${missing.join(' and ')} not found`;
  if (!findWasm2cRuntime()) return 'wasm-rt-impl.c (wasm2c runtime) not found';
  return undefined;
}

export function buildNative(wasmPath: string): NativeBuild {
  const missing = missingNativeTools();
  if (missing) return { ok: false, reason: missing, install: INSTALL_HINT };
  const { dir: runtimeDir, parts: runtimeParts } = findWasm2cRuntime()!;

  const wasm = readFileSync(wasmPath);
  const hash = createHash('sha256').update(RECIPE).update(wasm);
  for (const f of ['fw.h', 'frames.h', ...HARNESSES.map((h) => `${h}.c`)]) hash.update(readFileSync(join(SOURCE_DIR, f)));
  const dir = join(NATIVE_OUT_DIR, hash.digest('hex').slice(0, 16));
  const bins = Object.fromEntries(HARNESSES.map((h) => [h, join(dir, h)])) as Record<(typeof HARNESSES)[number], string>;
  if (HARNESSES.every((h) => existsSync(bins[h]))) return { ok: true, stepHarness: bins['step-harness'], rtRunner: bins['rt-runner'], dir };

  // Built in a private directory and renamed into place: parallel test files may build at once.
  const work = `${dir}.tmp-${process.pid}`;
  try {
    mkdirSync(work, { recursive: true });
    execFileSync('wasm2c', [wasmPath, '-n', 'hpa', '-o', join(work, 'hpa.c')], { stdio: 'pipe' });
    writeFileSync(join(work, 'fw-names.h'), namesHeader(readFileSync(join(work, 'hpa.h'), 'utf8'), 'hpa'));
    for (const h of HARNESSES) {
      execFileSync('gcc', ['-O2', '-o', join(work, h), `-I${work}`, `-I${runtimeDir}`, '-I/usr/include',
        join(SOURCE_DIR, `${h}.c`), join(work, 'hpa.c'), ...runtimeParts, '-lm'], { stdio: 'pipe' });
    }
    try { renameSync(work, dir); } catch { rmSync(work, { recursive: true, force: true }); } // another process won
  } catch (e) {
    rmSync(work, { recursive: true, force: true });
    const err = e as { stderr?: Buffer; message: string };
    return { ok: false, reason: `native build failed: ${err.stderr?.toString().slice(0, 2000) ?? err.message}`, install: INSTALL_HINT };
  }
  return { ok: true, stepHarness: bins['step-harness'], rtRunner: bins['rt-runner'], dir };
}
