// A worker thread of the embedded engine: runs the jobs it is sent, one at a time. Results go
// back as JSON text, exactly as they are stored in Redis, so both engines aggregate the same data.
import { parentPort } from 'node:worker_threads';
import { runJobAsJson } from './handlers.js';
import type { JobSpec } from './types.js';

parentPort!.on('message', (job: JobSpec) => {
  try {
    parentPort!.postMessage({ id: job.id, ok: true, json: runJobAsJson(job.kind, job.payload) });
  } catch (e) {
    parentPort!.postMessage({ id: job.id, ok: false, error: (e as Error).message });
  }
});
parentPort!.postMessage({ ready: true });
