// `hpa validate` and `hpa worker` (logic in host/validate and host/jobs).
import type { Command } from 'commander';
import { availableParallelism } from 'node:os';
import { startEngine } from '../../jobs/engine.js';
import { JournaledEngine } from '../../jobs/journal.js';
import { formatValidate } from '../../validate/format.js';
import { validate, ValidateError } from '../../validate/validate.js';
import { makeOutputDir } from '../../app/output-file.js';
import { readCalibrationFile } from '../../sim/calibration-file.js';
import { guarded } from '../errors.js';
import { startProgress } from '../progress.js';
import { threadsOption } from './engine-options.js';
import { trafficOptions } from './traffic-options.js';

interface ValidateCli { calibration?: string; km: string; seed: string; firmware: string[]; driver: string; conditions: string; redis?: string; threads?: string; batch: string; out?: string; journal?: string; json?: boolean; progress: boolean }

const positiveInt = (flag: string, s: string | undefined, fallback: number): number => {
  if (s === undefined) return fallback;
  const n = Number(s);
  if (!Number.isInteger(n) || n < 1) throw new ValidateError(`${flag}: "${s}" is not a positive integer`);
  return n;
};

export function register(program: Command): void {
  program.command('validate')
    .description('drive seeded highway traffic on one or more firmware versions and report rates per 10⁶ km')
    .requiredOption('--km <n>', 'distance to drive per firmware [km]')
    .option('--seed <n>', 'seed of the traffic (same seed ⇒ same episodes and totals)', '1')
    .option('-f, --firmware <version...>', 'firmware versions or .wasm files', ['1.0.0', '1.1.0'])
    .option('--driver <profile>', 'attentive (responds to every warning) or mixed (30 % inattentive, late)', 'attentive')
    .option('--conditions <kind>', 'mixed (rain and fog, crests before fixed hazards, drawn per episode) or clear (clear sight throughout)', 'mixed')
    .option('-c, --calibration <file>', 'calibration file (JSON or YAML) applied to every firmware over its release defaults; part of each job\'s key')
    .option('--redis <url>', 'run the jobs on BullMQ over Redis (start `hpa worker --redis <url>` on any machines)')
    .option('--threads <n>', 'embedded engine: worker threads (default one per core)')
    .option('--batch <n>', 'episodes (2 km each) per job', '100')
    .option('--out <dir>', 'write failing episodes here as scenario files: every avoidable collision, the first 50 other collisions, the first 50 phantom brakes')
    .option('--journal <file>', 'append each finished job\'s result to this file; run the same command with it again to resume an interrupted run')
    .option('--json', 'print the JSON report')
    .option('--no-progress', 'no progress bar (elsewhere than a terminal: no progress line every HPA_PROGRESS_EVERY_S, default 30 s)')
    .action(guarded(async (o: ValidateCli) => {
      if (!(Number(o.km) > 0) || !Number.isFinite(Number(o.km))) throw new ValidateError(`--km: "${o.km}" is not a positive distance`);
      const traffic = trafficOptions(o);
      const calibration = o.calibration ? readCalibrationFile(o.calibration) : undefined; // a bad file: one line, before the run
      if (o.out) makeOutputDir('--out', o.out); // before the run: an hour of validation never ends in an unwritable folder
      const started = await startEngine({ redis: o.redis, threads: threadsOption(o.threads) ?? availableParallelism() });
      const engine = o.journal ? new JournaledEngine(started, o.journal) : started;
      const bar = startProgress('validate', { unit: 'jobs', enabled: o.progress, barFormat: `validate |{bar}| {value}/{total} jobs · {eta_formatted} left · stalled {stalled}${o.redis ? ' · {workers} worker(s)' : ''}` });
      try {
        const report = await validate({
          km: Number(o.km), ...traffic, firmware: o.firmware, calibration, batchEpisodes: positiveInt('--batch', o.batch, 100), outDir: o.out,
          onProgress: (p) => bar.update(p.done, p.total, { stalled: p.stalled, workers: o.redis ? p.workers ?? '?' : undefined }),
        }, engine);
        bar.stop();
        if (engine instanceof JournaledEngine && engine.resumed > 0) console.error(`hpa: journal ${engine.path}: ${engine.resumed} job(s) were already done and were not run again`);
        if (engine instanceof JournaledEngine && engine.writeFailure) console.error(`hpa: journal ${engine.path}: ${engine.writeFailure}; this report is complete, a resumed run would compute the rest again`);
        console.log(o.json ? JSON.stringify(report, null, 2) : formatValidate(report));
      } finally {
        bar.stop();
        await engine.close();
      }
    }));

  program.command('worker')
    .description('compute queued jobs (validate batches, sweep points, test runs, campaign trials) from BullMQ over Redis until stopped')
    .requiredOption('--redis <url>', 'redis://host:port')
    .option('--concurrency <n>', 'jobs at once (worker threads; default one per core)')
    .option('--lock-ms <n>', 'job lock duration: a worker silent this long is presumed dead', '30000')
    .option('--stalled-ms <n>', 'how often stalled jobs are looked for', '30000')
    .option('--health-timeout-s <n>', 'Redis silent this long ⇒ the worker exits 1 with one line `hpa: redis <url>: …`', '10')
    .option('--quiet', 'no per-job log lines')
    .action(guarded(async (o: { redis: string; concurrency?: string; lockMs: string; stalledMs: string; healthTimeoutS: string; quiet?: boolean }) => {
      const { startRedisWorker } = await import('../../jobs/redis-worker.js'); // BullMQ only for a worker
      const worker = await startRedisWorker({
        url: o.redis, concurrency: threadsOption(o.concurrency, '--concurrency') ?? availableParallelism(),
        lockMs: positiveInt('--lock-ms', o.lockMs, 30000), stalledMs: positiveInt('--stalled-ms', o.stalledMs, 30000), healthTimeoutMs: 1000 * positiveInt('--health-timeout-s', o.healthTimeoutS, 10),
        log: o.quiet ? undefined : (line) => console.error(line),
      });
      const stop = () => { void worker.close().then(() => process.exit(0)); };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      await worker.done; // a Redis gone for longer than --health-timeout-s: one line, exit 1 (guarded)
    }));
}
