#!/usr/bin/env node
// Thin launcher: the CLI is compiled TypeScript (npm run build writes dist/).
import { existsSync } from 'node:fs';
const main = new URL('../dist/host/cli/main.js', import.meta.url);
if (!existsSync(main)) {
  console.error('hpa: the project is not built yet. Run `npm ci` (or `npm run build`) in the project folder first.');
  process.exit(1);
}
await import(main.href);
