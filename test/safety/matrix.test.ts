// docs/safety.md's degradation matrix is the declaration in abi/signals.ts, not a hand-kept copy,
// and every input belongs to exactly one declared validity group.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FUNCTIONS, INPUTS, SIGNAL_GROUPS } from '../../abi/signals.js';
import { MATRIX_BEGIN, MATRIX_END, safetyMatrixMarkdown } from '../../tools/safety-matrix.js';
import { ROOT } from '../helpers.js';

describe('degradation matrix (docs/safety.md)', () => {
  it('is the one generated from abi/signals.ts', () => {
    const doc = readFileSync(join(ROOT, 'docs/safety.md'), 'utf8');
    const section = doc.slice(doc.indexOf(MATRIX_BEGIN), doc.indexOf(MATRIX_END) + MATRIX_END.length);
    expect(section).toBe(safetyMatrixMarkdown());
  });
  it('puts every input in a declared group and every group has a signal, a reaction and a message', () => {
    const names = SIGNAL_GROUPS.map((g) => g.name as string);
    for (const s of INPUTS) expect(names, s.name).toContain(s.group);
    for (const g of SIGNAL_GROUPS) {
      expect(INPUTS.some((s) => s.group === g.name), g.name).toBe(true);
      expect(g.reaction.length).toBeGreaterThan(10);
      for (const f of [...g.usedBy, ...g.lost]) expect(FUNCTIONS).toContain(f);
      // A group can only take away a function that reads it.
      for (const f of g.lost) expect(g.usedBy, `${g.name} loses ${f}`).toContain(f);
    }
  });
});
