// Writes the published JSON Schemas (docs/*.schema.json) from their single definitions.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { calibrationSchema } from '../abi/calibration.js';
import { scenarioSchema } from '../host/sim/scenario-schema.js';

export const SCHEMAS: Record<string, object> = {
  'docs/scenario.schema.json': scenarioSchema,
  'docs/calibration.schema.json': calibrationSchema(),
};
export const schemaText = (schema: object) => JSON.stringify(schema, null, 2) + '\n';

if (process.argv[1]?.endsWith('publish-schemas.ts') || process.argv[1]?.endsWith('publish-schemas.js')) {
  const root = join(import.meta.dirname, '..');
  for (const [path, schema] of Object.entries(SCHEMAS)) writeFileSync(join(root, path), schemaText(schema));
  console.log(`schemas: ${Object.keys(SCHEMAS).join(', ')}`);
}
