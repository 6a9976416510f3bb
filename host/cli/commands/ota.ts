// `hpa ota …` (release packages, A/B slots) and `hpa campaign` (the fleet recall). Thin:
// every command parses its options and calls into host/ota, where the logic and tests live.
import type { Command } from 'commander';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { guarded } from './ota-guard.js';
import { generateKey, trustKey } from '../../ota/release/keys.js';
import { packRelease } from '../../ota/release/pack.js';
import type { ReleaseClass } from '../../ota/release/package.js';
import { certify, RegressionFailure } from '../../ota/release/report.js';
import { DEFAULT_FACTORY_VERSION, DEFAULT_HARDWARE_ID, otaDir, SlotStore } from '../../ota/device/slots.js';
import { auditSummary, formatStatus } from '../../ota/device/status.js';
import { Updater } from '../../ota/device/updater.js';
import { registerCampaign } from './campaign.js';
import { registerSwapBench } from './swap-bench.js';
import { registerOtaLive } from './ota-live.js';

import { runOtaDrive } from '../../ota/swap/drive-run.js';

interface DirOpts { dir?: string; trust?: string; hardware?: string; factory?: string; json?: boolean; uptimeS?: string; trialS?: string }

function updater(o: DirOpts & { uptimeS?: string; trialS?: string; now?: string }): Updater {
  const dir = otaDir(o.dir);
  new SlotStore(dir).init(o.hardware ?? DEFAULT_HARDWARE_ID, o.factory ?? DEFAULT_FACTORY_VERSION);
  return new Updater({
    dir, trustPath: o.trust, now: o.now ? new Date(o.now) : undefined, log: o.json ? undefined : (l) => console.log(l),
    uptimeCycles: o.uptimeS ? Math.round(Number(o.uptimeS) * 100) : undefined,
    trialCycles: o.trialS ? Math.round(Number(o.trialS) * 100) : undefined,
  });
}

const dirOptions = (c: Command) => c
  .option('--dir <dir>', 'OTA state directory (default $HPA_OTA_DIR or .hpa/ota)')
  .option('--trust <file>', 'trusted public keys (default <dir>/trusted-keys.json)')
  .option('--hardware <id>', `hardware id of a new state directory (default ${DEFAULT_HARDWARE_ID})`)
  .option('--factory <version>', `factory firmware of a new state directory (default ${DEFAULT_FACTORY_VERSION})`)
  .option('--uptime-s <s>', 'trial: drive on the running version this long before the swap (default 60)')
  .option('--trial-s <s>', 'trial window (default 10)')
  .option('--json', 'machine-readable output');

export function register(program: Command): void {
  const ota = program.command('ota').description('signed firmware releases, A/B slots, trial and rollback');

  ota.command('keygen').description('generate an Ed25519 release signing key')
    .requiredOption('--out <prefix>', 'writes <prefix>.key (private) and <prefix>.pub')
    .option('--trust <file>', 'also add the public key to this trust config')
    .action((o: { out: string; trust?: string }) => {
      const key = generateKey();
      writeFileSync(`${o.out}.key`, key.privateKeyPem, { mode: 0o600 });
      chmodSync(`${o.out}.key`, 0o600);
      writeFileSync(`${o.out}.pub`, key.publicKeyPem);
      if (o.trust) trustKey(o.trust, key.publicKeyPem);
      console.log(`key ${key.keyId}\n  private ${o.out}.key\n  public  ${o.out}.pub${o.trust ? `\n  trusted in ${o.trust}` : ''}`);
    });

  ota.command('trust <publicKey>').description('add a public key to a trust config')
    .option('--dir <dir>', 'OTA state directory').option('--trust <file>', 'trust config (default <dir>/trusted-keys.json)')
    .action((pub: string, o: DirOpts) => {
      const path = o.trust ?? new SlotStore(otaDir(o.dir)).trustPath;
      console.log(`trusted ${trustKey(path, readFileSync(pub, 'utf8')).keyId} in ${path}`);
    });

  ota.command('certify <firmware>').description('run the shipped scenario library on a candidate (the regression gate)')
    .option('--out <file>', 'write the regression report here')
    .action((firmware: string, o: { out?: string }) => guarded(async () => {
      try {
        const report = await certify(firmware);
        if (o.out) writeFileSync(o.out, JSON.stringify(report, null, 2));
        console.log(`passed ${report.scenarios} scenarios; report${o.out ? ` ${o.out}` : ''}`);
      } catch (e) {
        if (e instanceof RegressionFailure && o.out) writeFileSync(o.out, JSON.stringify(e.report, null, 2));
        throw e;
      }
    }));

  ota.command('pack <firmware>').description('certify and sign a release package')
    .requiredOption('--release-counter <n>', 'monotonic release counter')
    .requiredOption('--hardware <ids>', 'comma-separated hardware ids (model codes)')
    .requiredOption('--class <class>', 'recall | feature | fix')
    .requiredOption('--filing <id>', 'regulatory filing id, e.g. S2025M0149I')
    .requiredOption('--expires <date>', 'metadata expiry (ISO date)')
    .requiredOption('--key <file>', 'Ed25519 private key (PEM)')
    .option('--version <x.y.z>', 'release version (must match the image)')
    .option('--report <file>', 'a passed report from `hpa ota certify` for this image')
    .option('-o, --out <file>', 'package file', 'release.hpa')
    .action((firmware: string, o: { releaseCounter: string; hardware: string; class: string; filing: string; expires: string; key: string; version?: string; report?: string; out: string }) => guarded(async () => {
      const { meta, bytes, report } = await packRelease({
        firmware, out: o.out, keyPath: o.key, releaseCounter: Number(o.releaseCounter), hardwareIds: o.hardware.split(',').map((s) => s.trim()).filter(Boolean),
        releaseClass: o.class as ReleaseClass, filingId: o.filing, expires: o.expires, version: o.version, reportPath: o.report,
      });
      console.log(`packed ${meta.version} #${meta.releaseCounter} (${meta.class} ${meta.filingId}) for ${meta.hardwareIds.join(', ')}: ${o.out} ${bytes} B; passed ${report.scenarios} scenarios`);
    }));

  dirOptions(ota.command('verify <package>').description('run every check on a package without installing it'))
    .option('--now <date>', 'check expiry against this time')
    .action((pkg: string, o: DirOpts & { now?: string }) => guarded(() => {
      const u = updater(o);
      const r = u.verify(pkg);
      const summary = { ok: true, version: r.meta.version, releaseCounter: r.meta.releaseCounter, class: r.meta.class, filingId: r.meta.filingId, keyId: r.keyId, packageSha256: r.packageSha256, scenarios: r.report.scenarios };
      console.log(o.json ? JSON.stringify(summary) : `ok: ${r.meta.version} #${r.meta.releaseCounter} ${r.meta.class} ${r.meta.filingId}, signed by ${r.keyId.slice(0, 16)}…, passed ${r.report.scenarios} scenarios`);
    }, o.json));

  dirOptions(ota.command('install <package>').description('verify, write the inactive slot, trial, confirm or roll back'))
    .option('--hold-trial', 'stop after activation: the trial runs at the next start (`hpa ota boot`)')
    .option('--now <date>', 'check expiry against this time')
    .action((pkg: string, o: DirOpts & { holdTrial?: boolean; uptimeS?: string; trialS?: string; now?: string }) => guarded(() => {
      const u = updater(o);
      const { state, trial } = u.install(pkg, o.holdTrial);
      const report = u.start(false);
      const failed = trial !== null && !trial.passed;
      if (o.json) console.log(JSON.stringify({ ok: !failed, ...(failed ? { error: 'trial-failed' } : {}), trial, runningVersion: report.runningVersion, state }));
      else console.log(formatStatus(report, u.store.auditPath));
      if (failed) process.exitCode = 7; // installed, tried, rolled back: the update did not happen
    }, o.json));

  dirOptions(ota.command('boot').description('power-on: recover an interrupted update, resume a pending trial'))
    .action((o: DirOpts) => guarded(() => {
      const report = updater(o).start(true);
      console.log(o.json ? JSON.stringify({ ok: true, ...report }) : formatStatus(report));
    }, o.json));

  dirOptions(ota.command('status').description('slots, running version, anti-rollback counter, last audit records'))
    .action((o: DirOpts) => guarded(() => {
      const u = updater(o);
      const report = u.start(false);
      const audit = auditSummary(u.store);
      console.log(o.json ? JSON.stringify({ ok: true, ...report, audit }) : `${formatStatus(report, u.store.auditPath)}\naudit log: ${audit.records} signed records, chain ${audit.intact ? 'intact' : `broken at record ${audit.firstBad}`}`);
    }, o.json));

  dirOptions(ota.command('rollback').description('abandon a pending trial (a confirmed version cannot be rolled back)'))
    .action((o: DirOpts) => guarded(() => {
      const u = updater(o);
      u.rollback();
      const report = u.start(false);
      console.log(o.json ? JSON.stringify({ ok: true, ...report }) : formatStatus(report));
    }, o.json));

  ota.command('drive').description('a synthetic highway drive, optionally with a live update arriving at --ota-at')
    .option('--firmware <ref>', 'version the drive starts on (built version or .wasm)', '1.0.0')
    .option('--duration-s <s>', 'drive length', '60')
    .option('--ota <package>', 'release that arrives during the drive')
    .option('--ota-at <s>', 'arrival time', '10')
    .option('--trial-s <s>', 'trial window after the swap (default 5)')
    .option('--trust <file>', 'trusted keys (default $HPA_OTA_DIR/trusted-keys.json)')
    .option('--hardware <id>', 'vehicle hardware id')
    .option('--seed <n>', 'drive seed', '1')
    .option('--json', 'JSON summary')
    .action((o: { firmware: string; durationS: string; ota?: string; otaAt: string; trialS?: string; trust?: string; hardware?: string; seed: string; json?: boolean }) => guarded(() => {
      const r = runOtaDrive({
        firmware: o.firmware, durationS: Number(o.durationS), seed: Number(o.seed), packagePath: o.ota, atS: Number(o.otaAt),
        trustConfig: o.trust, hardwareId: o.hardware, trialS: o.trialS === undefined ? undefined : Number(o.trialS), log: o.json ? undefined : (l) => console.log(l),
      });
      console.log(o.json ? JSON.stringify(r) : `drove ${r.cycles} cycles: ${r.startVersion} → ${r.versionAtEnd} (${r.outcome}); ${r.fallbackCycles} cycles served by the fallback, ${r.badOutputCycles} bad outputs`);
    }, o.json));

  ota.command('demo').description('the recall climax: 1.1.0 arrives while driving on 1.0.0 toward the closure, swapped in live; a tampered copy is refused')
    .option('--at <s>', 'arrival time of the release', '8')
    .option('--json', 'JSON summary')
    .action((o: { at: string; json?: boolean }) => guarded(async () => {
      // Loaded on use: it pulls in the simulator, which the other ota commands do not need.
      const { formatRecallOtaDemo, runRecallOtaDemo } = await import('../../ota/recall-demo.js');
      const d = await runRecallOtaDemo(Number(o.at));
      const brief = (r: typeof d.genuine) => ({ outcome: r.outcome, refusal: r.refusal, versionAtEnd: r.versionAtEnd, collision: r.result.collision, impactSpeedKph: r.result.impactSpeedKph, log: r.log });
      console.log(o.json ? JSON.stringify({ holds: d.holds, scenario: d.scenario, genuine: brief(d.genuine), tampered: brief(d.tampered) }) : formatRecallOtaDemo(d));
      if (!d.holds) process.exitCode = 1;
    }, o.json));

  registerSwapBench(ota);
  registerOtaLive(ota);
  registerCampaign(program);
}
