// The degradation matrix of docs/safety.md (signal × fault → functions lost → reaction →
// driver message), generated from abi/signals.ts SIGNAL_GROUPS. `npm run build` splices it
// between the markers in docs/safety.md; test/safety/matrix.test.ts checks it is current.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { FUNCTIONS, INPUTS, SIGNAL_GROUPS, type SignalGroup } from '../abi/signals.js';

export const MATRIX_BEGIN = '<!-- degradation-matrix:begin (generated from abi/signals.ts: do not edit) -->';
export const MATRIX_END = '<!-- degradation-matrix:end -->';

/** Bit mask of the groups that satisfy `pick` (bit i = SIGNAL_GROUPS[i]). */
export function groupMask(pick: (g: SignalGroup) => boolean): number {
  return (SIGNAL_GROUPS as readonly SignalGroup[]).reduce((m, g, i) => (pick(g) ? m | (1 << i) : m), 0);
}

/** Inputs of a group, in declaration order. */
export function groupSignals(group: string): string[] {
  return INPUTS.filter((s) => s.group === group).map((s) => s.name);
}

export function safetyMatrixMarkdown(): string {
  const rows = (SIGNAL_GROUPS as readonly SignalGroup[]).map((g, i) => {
    const kept = FUNCTIONS.filter((f) => g.usedBy.includes(f) && !g.lost.includes(f));
    return `| ${i} \`${g.name}\` | ${groupSignals(g.name).map((n) => `\`${n}\``).join(', ')} | ${g.lost.length ? g.lost.join(', ') : 'none'} | ${kept.length ? kept.join(', ') : '—'} | ${g.reaction} | ${g.message} |`;
  });
  return [
    MATRIX_BEGIN,
    '',
    'Fault = non-finite, outside the declared range, or implausible (ego speed step beyond `maxEgoAccelMps2`, object',
    'relative-speed step beyond `maxRelAccelMps2`, frozen or replayed frame counter, `sensorFault` = 1). Bit = bit of the',
    'output `degradedGroups`. Functions not named in a row are unaffected by that group.',
    '',
    '| bit / group | signals | functions lost | used but kept (substitute) | reaction | driver message |',
    '|---|---|---|---|---|---|',
    ...rows,
    '',
    MATRIX_END,
  ].join('\n');
}

/** Replaces the matrix between the markers (or appends it); creates the file if missing. */
export function spliceMatrix(path: string, matrix: string): void {
  const text = existsSync(path) ? readFileSync(path, 'utf8') : '# Functional safety\n\n';
  const a = text.indexOf(MATRIX_BEGIN), b = text.indexOf(MATRIX_END);
  const next = a >= 0 && b > a ? text.slice(0, a) + matrix + text.slice(b + MATRIX_END.length) : `${text.trimEnd()}\n\n${matrix}\n`;
  if (next !== text) writeFileSync(path, next);
}
