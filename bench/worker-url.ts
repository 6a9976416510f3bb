// Starts a worker thread from a sibling module. From TypeScript sources (tests, tsx) workers do
// not inherit the tsx loader, so the worker registers it first and then loads the .ts file.
import { Worker } from 'node:worker_threads';

const FROM_SOURCE = import.meta.url.endsWith('.ts');

export function startWorker(jsUrl: URL, workerData: unknown): Worker {
  if (!FROM_SOURCE) return new Worker(jsUrl, { workerData });
  const ts = JSON.stringify(jsUrl.href.replace(/\.js$/, '.ts'));
  return new Worker(`import('tsx/esm/api').then((t) => { t.register(); return import(${ts}); });`, { eval: true, workerData });
}
