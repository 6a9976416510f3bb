// Generates the firmware side of the ABI (assembly/generated/) and docs/signals.md
// from abi/signals.ts. Run by `npm run build`; the output is not committed.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { calibrationDefault } from '../abi/calibration.js';
import { computeLayout, type Block } from '../abi/layout.js';
import {
  ABI_VERSION, CALIBRATION, CYCLE_S, DEBUG_RELEASE, EVENTS, FAULTS, FEATURES, INPUTS, MODES,
  OBJECT_KINDS, OUTPUTS, RECORDER, RELEASES, SIGNAL_GROUPS, STATE, STATE_LAYOUT_VERSION, type CalibrationParam, type Signal,
} from '../abi/signals.js';
import { groupMask, safetyMatrixMarkdown, spliceMatrix } from './safety-matrix.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// The declarations are `as const` for the host's typed names; here they are plain lists.
const CAL_PARAMS: readonly CalibrationParam[] = CALIBRATION;
const layout = computeLayout();
const f64 = (x: number) => (Number.isInteger(x) ? `${x}.0` : `${x}`);
const constName = (s: string) => s.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();


function unmanagedClass(className: string, block: Block): string {
  const fields = block.fields.map((f) => `  ${f.name}: f64; // ${f.signal.unit}`).join('\n');
  return `@unmanaged export class ${className} {\n${fields}\n}\n`;
}

function tableOffsets(prefix: string, signals: readonly Signal[], className: string): string {
  return signals
    .filter((s) => s.length)
    .map((s) => `export const ${prefix}_${constName(s.name)}: usize = offsetof<${className}>("${s.name}_0");\nexport const ${prefix}_${constName(s.name)}_LEN: i32 = ${s.length};`)
    .join('\n');
}

function defaultsFunction(release: string): string {
  const lines: string[] = [];
  for (const p of CAL_PARAMS) {
    const values = calibrationDefault(p, release);
    values.forEach((v, i) => lines.push(`  c.${p.length ? `${p.name}_${i}` : p.name} = ${f64(v)};`));
  }
  return `export function loadDefaults_${release.replace(/\./g, '_')}(c: Calibration): void {\n${lines.join('\n')}\n}\n`;
}

function sanitizeFunction(): string {
  const lines: string[] = [];
  for (const p of CAL_PARAMS) {
    const n = p.length ?? 1;
    for (let i = 0; i < n; i++) {
      const f = p.length ? `${p.name}_${i}` : p.name;
      lines.push(`  if (!isFinite(c.${f})) { c.${f} = d.${f}; fixes++; }`);
      lines.push(`  if (c.${f} < ${f64(p.min)}) { c.${f} = ${f64(p.min)}; fixes++; } else if (c.${f} > ${f64(p.max)}) { c.${f} = ${f64(p.max)}; fixes++; }`);
    }
  }
  return `/** Non-finite → the release default, then clamp to [min, max]. Returns the number of fixes. */\nexport function sanitizeCalibration(c: Calibration, d: Calibration): i32 {\n  let fixes = 0;\n${lines.join('\n')}\n  return fixes;\n}\n`;
}

function inputRangeFunction(): string {
  // One range test per input on the common path (NaN fails it too); classify only on failure.
  // Each failure also marks the input's validity group (bits from 2 up), so a fault degrades
  // only the functions that use that group.
  const checks = INPUTS.map((s) => {
    const g = SIGNAL_GROUPS.findIndex((x) => x.name === s.group);
    if (g < 0) throw new Error(`input ${s.name} has no validity group`);
    return `  v = i.${s.name}; if (!(v >= ${f64(s.min)} && v <= ${f64(s.max)})) bad |= (isFinite(v) ? 2 : 1) | ${1 << (g + 2)};`;
  });
  return `/** Bit 1: a non-finite input, bit 2: an out-of-range input; bits 4 …: (1 << group) << 2 of each bad input's group. */\nexport function checkInputs(i: Inputs): i32 {\n  let bad = 0;\n  let v: f64;\n${checks.join('\n')}\n  return bad;\n}\n`;
}

function groupConsts(): string {
  const lines = SIGNAL_GROUPS.map((g, i) => `export const GROUP_${constName(g.name)}: i32 = 1 << ${i};`);
  lines.push(`/** Groups whose fault takes the pilot away (takeover request). */\nexport const GROUPS_LOSING_PILOT: i32 = ${groupMask((g) => g.lost.includes('pilot'))};`);
  lines.push(`/** Groups FCW/AEB read (after coasting, their loss makes FCW/AEB unavailable). */\nexport const GROUPS_LOSING_AEB: i32 = ${groupMask((g) => g.lost.includes('aeb'))};`);
  return lines.join('\n');
}

function outputClampFunction(): string {
  const lines = OUTPUTS.map((s) => `  v = o.${s.name};\n  if (!(v >= ${f64(s.min)} && v <= ${f64(s.max)})) { o.${s.name} = v != v ? ${f64(Math.max(s.min, Math.min(0, s.max)))} : v < ${f64(s.min)} ? ${f64(s.min)} : ${f64(s.max)}; fixes++; }`);
  return `/** Last line of defence: every output finite and inside its declared range (NaN → 0 or the nearest limit). */\nexport function clampOutputs(o: Outputs): i32 {\n  let fixes = 0;\n  let v: f64;\n${lines.join('\n')}\n  return fixes;\n}\n`;
}

function enumConsts(prefix: string, names: readonly string[], bits: boolean): string {
  return names.map((n, i) => `export const ${prefix}_${constName(n)}: i32 = ${bits ? `1 << ${i}` : i};`).join('\n');
}

function abiModule(): string {
  return `// GENERATED by tools/generate-abi.ts from abi/signals.ts — do not edit.
export const ABI_VERSION: i32 = ${ABI_VERSION};
export const ABI_HASH: u32 = 0x${layout.abiHash.toString(16)};
export const STATE_LAYOUT_VERSION: i32 = ${STATE_LAYOUT_VERSION};
export const CYCLE_S: f64 = ${f64(CYCLE_S)};
export const LAYOUT_BYTES: i32 = ${layout.totalBytes};
export const INPUTS_OFFSET: usize = ${layout.inputs.offset};
export const OUTPUTS_OFFSET: usize = ${layout.outputs.offset};
export const CALIBRATION_OFFSET: usize = ${layout.calibration.offset};
export const STATE_OFFSET: usize = ${layout.state.offset};
export const STATE_BYTES: i32 = ${layout.stateBytes};
export const EDR_OFFSET: usize = ${layout.recorderOffset}; // within the state block
export const EDR_SAMPLES: i32 = ${RECORDER.samples};
export const EDR_CHANNELS: i32 = ${RECORDER.channels.length};
export const EDR_DECIMATION: i32 = ${RECORDER.decimation};
export const EDR_POST_TRIGGER_S: f64 = ${f64(RECORDER.postTriggerS)};

${enumConsts('MODE', MODES, false)}
${enumConsts('KIND', OBJECT_KINDS, false)}
${enumConsts('EVENT', EVENTS, true)}
${enumConsts('FAULT', FAULTS, true)}
${enumConsts('FEATURE', FEATURES, true)}
${groupConsts()}

${unmanagedClass('Inputs', layout.inputs)}
${unmanagedClass('Outputs', layout.outputs)}
${unmanagedClass('Calibration', layout.calibration)}
${unmanagedClass('State', layout.state)}
${tableOffsets('CAL', CAL_PARAMS, 'Calibration')}
${tableOffsets('ST', STATE, 'State')}

${inputRangeFunction()}
${outputClampFunction()}
${sanitizeFunction()}
${Object.keys(RELEASES).map(defaultsFunction).join('\n')}`;
}

function entryModule(release: string): string {
  const [major, minor, patch] = release.split('.').map(Number);
  const features = RELEASES[release].features.map((f) => `FEATURE_${constName(f)}`).join(' | ') || '0';
  const id = release.replace(/\./g, '_');
  return `// GENERATED entry of firmware ${release} — do not edit.
import { ${FEATURES.map((f) => `FEATURE_${constName(f)}`).join(', ')}, loadDefaults_${id} } from "./abi";
import { runCycle, resetAll, defaultCalibration } from "../index";
export { layoutBase, applyCalibration, edrClear, abiVersion, abiHash, stateLayoutVersion, stateBytes } from "../index";

// A compile-time constant: the optimiser drops the code paths a release does not ship.
const FEATURES: i32 = ${features};

export function firmwareVersion(): i32 { return ${major * 10000 + minor * 100 + patch}; }
export function features(): i32 { return FEATURES; }
export function reset(): void { loadDefaults_${id}(defaultCalibration()); resetAll(); }
export function step(): void { runCycle(FEATURES); }
`;
}

function docsTable(title: string, signals: readonly Signal[], withDefault: boolean): string {
  const head = withDefault
    ? '| name | unit | default (1.1.0) | 1.0.0 | min | max | description |\n|---|---|---|---|---|---|---|'
    : '| name | unit | min | max | description |\n|---|---|---|---|---|';
  const rows = signals.map((s) => {
    const len = s.length ? `[${s.length}]` : '';
    if (!withDefault) return `| \`${s.name}${len}\` | ${s.unit} | ${s.min} | ${s.max} | ${s.description} |`;
    const p = s as CalibrationParam;
    const d = calibrationDefault(p, '1.1.0').map((x) => +x.toFixed(4)).join(', ');
    const old = p.releases?.['1.0.0'] !== undefined ? calibrationDefault(p, '1.0.0').join(', ') : '=';
    return `| \`${s.name}${len}\` | ${s.unit} | ${d} | ${old} | ${s.min} | ${s.max} | ${s.description}${p.source ? ` (${p.source})` : ''} |`;
  });
  return `## ${title}\n\n${head}\n${rows.join('\n')}\n`;
}

export function signalsMarkdown(): string {
  return `# Signals (generated from abi/signals.ts — do not edit)

ABI version ${ABI_VERSION}, state layout ${STATE_LAYOUT_VERSION}, hash 0x${layout.abiHash.toString(16)}, cycle ${CYCLE_S * 1000} ms.
All values are f64 in firmware memory; booleans are 0/1. Blocks: inputs @${layout.inputs.offset},
outputs @${layout.outputs.offset}, calibration @${layout.calibration.offset}, state @${layout.state.offset} (${layout.stateBytes} bytes including the
event data recorder: ${RECORDER.samples} samples × ${RECORDER.channels.length} f32 channels every ${RECORDER.decimation} cycles).

${docsTable('Inputs', INPUTS, false)}
${docsTable('Outputs', OUTPUTS, false)}
${docsTable('Calibration', CAL_PARAMS, true)}
${docsTable('State', STATE, false)}
## Event data recorder channels

${RECORDER.channels.map((c) => `\`${c}\``).join(', ')}
`;
}

function write(path: string, text: string) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  write(join(root, 'assembly/generated/abi.ts'), abiModule());
  for (const release of Object.keys(RELEASES)) write(join(root, `assembly/generated/entry_${release.replace(/\./g, '_')}.ts`), entryModule(release));
  write(join(root, 'docs/signals.md'), signalsMarkdown());
  spliceMatrix(join(root, 'docs/safety.md'), safetyMatrixMarkdown());
  console.log(`abi: ${Object.keys(RELEASES).length} release entries, hash 0x${layout.abiHash.toString(16)}, ${layout.totalBytes} bytes (debug build of ${DEBUG_RELEASE})`);
}
