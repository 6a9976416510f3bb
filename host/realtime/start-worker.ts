// Starts a worker thread from a sibling module. From TypeScript sources (tests, tsx) workers do
// not inherit the tsx loader, so the worker registers it first and then loads the .ts file.
import { Worker, type Transferable } from 'node:worker_threads';

/** `url` names the .js file (as built into dist/); from sources its .ts sibling is loaded. */
export function startModuleWorker(url: URL, workerData: unknown, transferList: Transferable[] = []): Worker {
  if (!url.href.endsWith('.js')) throw new Error(`worker url must name the .js file: ${url.href}`);
  const fromSource = import.meta.url.endsWith('.ts');
  if (!fromSource) return new Worker(url, { workerData, transferList });
  const ts = JSON.stringify(url.href.replace(/\.js$/, '.ts'));
  return new Worker(`import('tsx/esm/api').then((t) => { t.register(); return import(${ts}); });`, { eval: true, workerData, transferList });
}
