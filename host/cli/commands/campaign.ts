// `hpa campaign`: the recall roll-out across the fleet (logic in host/ota/campaign).
import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_PLAN } from '../../ota/campaign/plan.js';
import { formatReport } from '../../ota/campaign/report.js';
import { campaignAssignments, runCampaign, type CampaignOptions } from '../../ota/campaign/run.js';
import { otaDir } from '../../ota/device/slots.js';
import { guarded } from './ota-guard.js';
import { threadsOption } from './engine-options.js';

interface CampaignCli {
  package: string[]; root?: string; dir?: string; from: string; fromCounter?: string; fleet?: string; director?: string; writeAssignments?: string; seed: string; scale: string; threads?: string; redis?: string; json?: boolean; out?: string; progress: boolean;
  downloadFailure?: string; powerLoss?: string; trialStall?: string; errorThreshold?: string; successThreshold?: string; now?: string;
}

export function registerCampaign(program: Command): void {
  program.command('campaign').description('roll a recall release out to the 116,887-vehicle fleet in waves')
    .requiredOption('--package <file...>', 'release package(s); together they must cover the recall models')
    .option('--root <file>', 'the fleet\'s trusted root (default <dir>/root.json)')
    .option('--dir <dir>', 'OTA directory holding the trust config (default $HPA_OTA_DIR or .hpa/ota)')
    .option('--from <version>', 'version the fleet runs today', '1.0.0')
    .option('--director <file>', 'signed director assignment (`hpa ota assign`): update only the vehicles it assigns this image to')
    .option('--write-assignments <file>', 'write the unsigned assignment list (VIN, hardware id → image) for this fleet and stop')
    .option('--from-counter <n>', 'anti-rollback counter of a factory-fresh vehicle (one --fleet never saw)', '0')
    .option('--fleet <dir>', "keep each vehicle's protected state (counter, freshness floors) here across runs; without it the fleet starts factory-fresh")
    .option('--seed <n>', 'seed of the fleet, connection times and injected faults', '2025')
    .option('--scale <x>', 'fraction of the fleet to simulate (1 = all 116,887)', '1')
    .option('--threads <n>', 'worker threads for the trial drives (default: one per core)')
    .option('--redis <url>', 'run the trial drives on BullMQ over Redis (start `hpa worker --redis <url>` on any machines)')
    .option('--download-failure <p>', 'probability a download fails')
    .option('--power-loss <p>', 'probability of a power loss during an install')
    .option('--trial-stall <p>', 'probability a trial drive hits a CPU stall (deadline overrun)')
    .option('--error-threshold <p>', 'abort when more than this share of a wave failed')
    .option('--success-threshold <p>', 'share of a wave that must succeed before the next starts')
    .option('--now <date>', 'campaign start (expiry is checked against it)')
    .option('--out <file>', 'write the JSON report here')
    .option('--json', 'print the JSON report instead of tables')
    .option('--no-progress', 'no progress bar')
    .action((o: CampaignCli) => guarded(async () => {
      const num = (s: string | undefined, d: number) => (s === undefined ? d : Number(s));
      const f = DEFAULT_PLAN.faults;
      const plan = {
        ...DEFAULT_PLAN,
        faults: { downloadFailure: num(o.downloadFailure, f.downloadFailure), powerLoss: num(o.powerLoss, f.powerLoss), trialStall: num(o.trialStall, f.trialStall) },
        errorThreshold: num(o.errorThreshold, DEFAULT_PLAN.errorThreshold), successThreshold: num(o.successThreshold, DEFAULT_PLAN.successThreshold),
      };
      const bar = o.progress && !o.json && process.stderr.isTTY ? new cliProgress.SingleBar({ format: '{label} |{bar}| {value}/{total} trial drives', stream: process.stderr }, cliProgress.Presets.shades_classic) : null;
      let lastLabel = '';
      const options: CampaignOptions = {
        packages: o.package, directorPath: o.director, trustPath: o.root ?? join(otaDir(o.dir), 'root.json'), fromVersion: o.from,
        fromCounter: o.fromCounter, fleetDir: o.fleet,
        seed: Number(o.seed), scale: Number(o.scale), threads: threadsOption(o.threads), redis: o.redis, plan,
        rig: { uptimeCycles: 200, shadowCycles: 100, trialCycles: 300, deadlineMs: 5 },
        now: o.now ? new Date(o.now) : undefined,
        onProgress: (done, total, label) => {
          if (!bar) return;
          if (label !== lastLabel) { if (lastLabel) bar.stop(); bar.start(total, 0, { label: label.padEnd(16) }); lastLabel = label; }
          bar.update(done);
        },
      };
      if (o.writeAssignments) {
        const list = campaignAssignments(options);
        writeFileSync(o.writeAssignments, JSON.stringify(list));
        console.log(o.json ? JSON.stringify({ ok: true, assignments: list.length, out: o.writeAssignments }) : `${list.length} assignments (VIN, hardware id → image) in ${o.writeAssignments}; sign them with \`hpa ota assign\``);
        return;
      }
      const report = await runCampaign(options);
      bar?.stop();
      if (o.out) writeFileSync(o.out, JSON.stringify(report, null, 2));
      console.log(o.json ? JSON.stringify(report) : formatReport(report));
      if (report.aborted) process.exitCode = 6;
      // A vehicle refused the package (a replay, an older release): its name and exit code, as install reports it.
      if (report.devices.refusal) { console.error(`hpa: ${report.devices.refusal.message}`); process.exitCode = report.devices.refusal.exitCode; }
    }, o.json));
}
