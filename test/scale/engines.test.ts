// Sweeps, `hpa test` suites and the recall campaign split into keyed jobs: the embedded engine
// (worker threads) and BullMQ over Redis (an `hpa worker` process) give the same aggregated
// results, and every result names the firmware it was computed with. A worker whose build differs
// from the job's refuses the job instead of computing it.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveFirmware } from '../../host/ecu/firmware.js';
import { EmbeddedEngine } from '../../host/jobs/embedded.js';
import { jobFirmware } from '../../host/jobs/job-firmware.js';
import { connectionOf, resultsKey, runIdOf } from '../../host/jobs/redis-keys.js';
import { RedisEngine } from '../../host/jobs/redis-engine.js';
import type { JobEngine, JobSpec } from '../../host/jobs/types.js';
import { DEFAULT_PLAN } from '../../host/ota/campaign/plan.js';
import { runCampaign } from '../../host/ota/campaign/run.js';
import { loadScenarioFile } from '../../host/sim/scenario.js';
import { resolveScenarioPath } from '../../host/app/run-command.js';
import { runSweep } from '../../host/workbench/sweep.js';
import { runTestSuite } from '../../host/workbench/test-suite.js';
import { makeFixture, type OtaFixture } from '../ota/fixture.js';
import { startRedis, startWorker } from './redis-helpers.js';

describe('the same jobs on the embedded engine and on BullMQ over Redis', () => {
  let redis: { url: string; stop(): void };
  let worker: ChildProcess;
  let embedded: EmbeddedEngine;
  let bull: RedisEngine;
  let f: OtaFixture;
  const dir = mkdtempSync(join(tmpdir(), 'hpa-engines-'));
  beforeAll(async () => {
    const server = await startRedis(43080); // without HPA_TEST_REDIS_URL: a port apart from redis.test.ts's, which may run at the same time
    // A database of its own (db 3): the other Redis test files flush theirs in parallel.
    redis = { url: `${server.url.replace(/\/\d*$/, '')}/3`, stop: () => server.stop() };
    const r = new Redis(connectionOf(redis.url));
    await r.flushdb();
    r.disconnect();
    worker = startWorker(redis.url, ['--concurrency', '2']);
    [embedded, bull, f] = await Promise.all([EmbeddedEngine.start(2), RedisEngine.connect({ url: redis.url, pollMs: 50 }), makeFixture()]);
  }, 120_000);
  afterAll(async () => { worker?.kill('SIGKILL'); await Promise.all([embedded?.close(), bull?.close()]); redis?.stop(); });

  const both = async <T>(run: (engine: JobEngine, tag: string) => Promise<T>): Promise<[T, T]> => [await run(embedded, 'embedded'), await run(bull, 'redis')];

  it('a sweep: every point has the same metrics, computed with the firmware it names', async () => {
    const [a, b] = await both((engine, tag) => runSweep({
      scenario: 'euro-ncap-ccrs', variant: '=50', params: ['calibration.fcwTtcS=1.5,2.5,3.5', 'ego.speedKph=40,60'], firmware: ['1.0.0', '1.1.0'], out: join(dir, `${tag}.jsonl`), engine,
    }));
    expect(a.rows).toHaveLength(12);
    expect(b.rows).toEqual(a.rows);
    expect(b.engine).toMatch(/^BullMQ on redis:/);
    expect(a.engine).toMatch(/^embedded/);
    // The two firmware differ on this grid (1.1.0 warns earlier): the rows are not all alike.
    expect(new Set(a.rows.map((r) => JSON.stringify(r.metrics))).size).toBeGreaterThan(1);
  });

  it('a test suite: the same verdicts, reasons and run results per scenario and firmware', async () => {
    const [a, b] = await both((engine) => runTestSuite(['recall-accident-116kph', 'gb-cut-in'], { firmware: ['1.0.0', '1.1.0'], engine }));
    const verdicts = (r: typeof a) => r.cases.map((c) => [c.scenario, c.outcomes.map((o) => ({ passed: o.passed, reasons: o.reasons, result: o.result }))]);
    expect(a.cases.length).toBeGreaterThan(2);
    expect(verdicts(b)).toEqual(verdicts(a));
    expect([b.failed, b.passed]).toEqual([a.failed, a.passed]);
    // The recall accident: 1.0.0 fails it (that is the recall), 1.1.0 passes.
    const recall = a.cases.find((c) => c.scenario.startsWith('recall-accident'))!;
    expect(recall.outcomes.map((o) => o.passed)).toEqual([false, true]);
  });

  it('a recall campaign: the same waves, totals and completion, seed and image hash in the report', async () => {
    const [a, b] = await both((engine) => runCampaign({
      packages: [f.good, f.good150], trustPath: f.root, fromVersion: '1.0.0', seed: 77, scale: 0.01, plan: DEFAULT_PLAN,
      rig: { uptimeCycles: 200, shadowCycles: 100, trialCycles: 300, deadlineMs: 5 }, now: new Date(), engine,
    }));
    const same = ({ wallTimeS: _w, engine: _e, startedAt: _s, ...rest }: typeof a) => rest;
    expect(a.totals.trials).toBeGreaterThan(0);
    expect(same(b)).toEqual(same(a));
    expect(a.seed).toBe(77);
    expect(a.release.sha256).toBe(resolveFirmware('1.1.0').info.sha256);
  });

  it('a worker whose firmware build differs from the job\'s refuses the job with a named error and computes nothing', async () => {
    const scenario = loadScenarioFile(resolveScenarioPath('gb-cut-in')).variants[0];
    const mine = jobFirmware('1.1.0');
    // The submitter's 1.1.0 is another build than the workers' (same version name, other bytes).
    const other = { ref: '1.1.0', sha256: 'f'.repeat(64) };
    const job: JobSpec = { id: `test:${other.sha256}:mismatch`, kind: 'test-run', payload: { scenario, firmware: other } };
    const refusal = new RegExp(`firmware mismatch: the job needs 1\\.1\\.0 ffffffffffff…, this worker's 1\\.1\\.0 is ${mine.sha256.slice(0, 12)}…`);
    await expect(embedded.run([job])).rejects.toThrow(refusal);
    await expect(bull.run([job])).rejects.toThrow(refusal);
    const r = new Redis(connectionOf(redis.url));
    expect(await r.hlen(resultsKey(runIdOf([job.id])))).toBe(0);
    r.disconnect();
  }, 60_000);
});
