// Writes the generated HIL references: docs/hil-frames.json, docs/hil-frames.dbc, docs/hil-layout.md.
// Run by `npm run build`; a test checks the committed copies are current.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dbcText } from '../host/hil/dbc.js';
import { frameDescription } from '../host/hil/frame-layout.js';
import { layoutMarkdown } from '../host/hil/layout-doc.js';

export const HIL_DOCS: Record<string, () => string> = {
  'docs/hil-frames.json': () => JSON.stringify(frameDescription(), null, 2) + '\n',
  'docs/hil-frames.dbc': dbcText,
  'docs/hil-layout.md': layoutMarkdown,
};

if (process.argv[1]?.endsWith('publish-hil.ts') || process.argv[1]?.endsWith('publish-hil.js')) {
  const root = join(import.meta.dirname, '..');
  for (const [path, make] of Object.entries(HIL_DOCS)) writeFileSync(join(root, path), make());
  console.log(`hil docs: ${Object.keys(HIL_DOCS).join(', ')}`);
}
