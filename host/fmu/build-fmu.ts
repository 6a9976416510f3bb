// `hpa fmu`: the firmware as an FMI 2.0 co-simulation FMU. The release .wasm goes through the same
// wasm2c translation as the benchmark's native twin, then gcc -O2 links it with the FMI wrapper
// (host/fmu/c) into binaries/linux64/<modelIdentifier>.so; modelDescription.xml comes from abi/signals.ts.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { computeLayout } from '../../abi/layout.js';
import { findWasm2cRuntime, INSTALL_HINT, missingNativeTools, namesHeader, wasm2cExportName } from '../../bench/native/build-native.js';
import { Ecu } from '../ecu/ecu.js';
import { PROJECT_ROOT, resolveFirmware } from '../ecu/firmware.js';
import { MODEL_IDENTIFIER, modelDescriptionXml } from './model-description.js';
import { modelHeader, modelTable } from './model-table.js';
import { fmuVariables, type FmuVariable } from './variables.js';

export class FmuBuildError extends Error {}

export const FMU_C_DIR = join(PROJECT_ROOT, 'host/fmu/c');
/** Zip entries get this fixed time, so the archive does not depend on when it was built. */
const ZIP_TIME = new Date('2020-01-01T00:00:00Z');

export interface FmuBuild {
  path: string;
  version: string;
  firmwareSha256: string;
  guid: string;
  modelIdentifier: string;
  counts: Record<FmuVariable['causality'], number>;
  bytes: number;
}

/** A GUID that changes whenever the ABI, the firmware bytes or the variable list change. */
export function fmuGuid(abiHash: number, firmwareSha256: string, variables: FmuVariable[]): string {
  const h = createHash('sha256').update(JSON.stringify({ abiHash, firmwareSha256, variables })).digest('hex');
  return `{${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}}`;
}

function run(tool: string, args: string[], cwd?: string): void {
  try {
    execFileSync(tool, args, { stdio: 'pipe', cwd });
  } catch (e) {
    const err = e as { stderr?: Buffer; message: string };
    throw new FmuBuildError(`${tool} failed: ${(err.stderr?.toString() || err.message).trim().slice(0, 2000)}`);
  }
}

function firmwareNames(wasm2cHeader: string): string {
  const free = wasm2cHeader.match(/void (\w+_free)\(/)?.[1];
  if (!free) throw new FmuBuildError('unrecognised wasm2c header layout (no _free function)');
  return namesHeader(wasm2cHeader, 'hpa') + [
    `#define FW_APPLY_CALIBRATION ${wasm2cExportName(wasm2cHeader, 'applyCalibration')}`,
    `#define FW_ABI_HASH ${wasm2cExportName(wasm2cHeader, 'abiHash')}`,
    `#define FW_FREE ${free}`,
    '',
  ].join('\n');
}

/** Builds `<out>` from a built version ("1.1.0") or a .wasm file. */
export function buildFmu(firmware: string, out: string): FmuBuild {
  const image = resolveFirmware(firmware);
  const ecu = new Ecu(new WebAssembly.Module(image.bytes), image.info); // refuses a foreign ABI
  const missing = missingNativeTools() ?? (hasTool('zip') ? undefined : 'zip not found');
  if (missing) throw new FmuBuildError(`cannot build the FMU: ${missing}; install: ${INSTALL_HINT.replace('wabt gcc', 'wabt gcc zip')}`);
  const outPath = resolve(out);
  if (!existsSync(dirname(outPath))) throw new FmuBuildError(`${out}: folder ${dirname(outPath)} does not exist`);

  const layout = computeLayout();
  const variables = fmuVariables(ecu.calibration); // start values: this firmware's own defaults
  const guid = fmuGuid(layout.abiHash, image.info.sha256, variables);
  const work = mkdtempSync(join(tmpdir(), 'hpa-fmu-'));
  try {
    const gen = join(work, 'gen'), stage = join(work, 'fmu'), bin = join(stage, 'binaries', 'linux64');
    mkdirSync(gen);
    mkdirSync(bin, { recursive: true });
    const wasmPath = join(gen, 'hpa.wasm');
    writeFileSync(wasmPath, image.bytes);
    run('wasm2c', [wasmPath, '-n', 'hpa', '-o', join(gen, 'hpa.c')]);
    writeFileSync(join(gen, 'fw-names.h'), firmwareNames(readFileSync(join(gen, 'hpa.h'), 'utf8')));
    writeFileSync(join(gen, 'fmu-model.h'), modelHeader(guid, layout.abiHash, layout.totalBytes, variables.length));
    writeFileSync(join(gen, 'fmu-model.c'), modelTable(variables));
    const runtime = findWasm2cRuntime()!;
    const wrapper = readdirSync(FMU_C_DIR).filter((f) => f.endsWith('.c')).map((f) => join(FMU_C_DIR, f));
    // The signal-handler memory check would install a process-wide SIGSEGV handler inside the
    // importer; explicit bounds checks compute the same results without touching the host process.
    run('gcc', ['-O2', '-shared', '-fPIC', '-fvisibility=hidden', '-Wl,-z,defs', '-DWASM_RT_MEMCHECK_SIGNAL_HANDLER=0',
      `-I${gen}`, `-I${FMU_C_DIR}`, `-I${runtime.dir}`, '-o', join(bin, `${MODEL_IDENTIFIER}.so`),
      ...wrapper, join(gen, 'hpa.c'), join(gen, 'fmu-model.c'), ...runtime.parts, '-lm', '-lpthread']);
    writeFileSync(join(stage, 'modelDescription.xml'), modelDescriptionXml({
      version: ecu.version, guid, firmwareSha256: image.info.sha256, abiHash: layout.abiHash, variables,
    }));
    for (const f of ['modelDescription.xml', 'binaries', 'binaries/linux64', `binaries/linux64/${MODEL_IDENTIFIER}.so`]) utimesSync(join(stage, f), ZIP_TIME, ZIP_TIME);
    const zipped = join(work, 'out.fmu');
    run('zip', ['-q', '-X', '-r', zipped, 'modelDescription.xml', 'binaries'], stage);
    renameOrCopy(zipped, outPath);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const counts = { input: 0, output: 0, parameter: 0, local: 0 };
  for (const v of variables) counts[v.causality]++;
  return { path: outPath, version: ecu.version, firmwareSha256: image.info.sha256, guid, modelIdentifier: MODEL_IDENTIFIER, counts, bytes: statSync(outPath).size };
}

function hasTool(tool: string): boolean {
  try { execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' }); return true; } catch { return false; }
}

function renameOrCopy(from: string, to: string): void {
  try { renameSync(from, to); } catch { writeFileSync(to, readFileSync(from)); } // across file systems
}
