// A profiling workload: validation batches of seed 7 on 1.0.0 and 1.1.0, as `hpa validate`'s
// worker threads run them. usage: node --cpu-prof tools/perf/validate-batches.mjs <checkout> [episodes].
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
// A checkout path, absolute or relative to the working directory.
const root = pathToFileURL(resolve(process.argv[2] ?? '.')).href;
const { EpisodeRunner } = await import(`${root}/dist/host/validate/episodes.js`);
for (const fw of ['1.0.0', '1.1.0']) {
  const r = new EpisodeRunner(fw);
  r.runBatch({ seed: 7, first: 0, count: +(process.argv[3] ?? 60), profile: 'attentive' });
}
