// `hpa ota install | boot | status | rollback | recover | drive`: the device side of OTA. Thin:
// each command opens the device (lock, protected state) and calls into host/ota/device or
// host/ota/swap, where the logic and the tests live.
import type { Command } from 'commander';
import { guarded } from './ota-guard.js';
import { ATTACKS } from '../../ota/errors.js';
import type { StartReport } from '../../ota/device/boot.js';
import { recoverAudit, withUpdater, type DeviceOptions } from '../../ota/device/session.js';
import { DEFAULT_FACTORY_VERSION, DEFAULT_HARDWARE_ID } from '../../ota/device/slots.js';
import { formatStatus } from '../../ota/device/status.js';
import { runOtaDrive } from '../../ota/swap/drive-run.js';
import { parseNow } from '../../ota/release/limits.js';

export interface DirOpts { dir?: string; hardware?: string; factory?: string; json?: boolean; uptimeS?: string; trialS?: string; watchS?: string; now?: string }

const cycles = (s: string | undefined) => (s === undefined ? undefined : Math.round(Number(s) * 100));

export function deviceOptions(o: DirOpts): DeviceOptions {
  return {
    dir: o.dir, hardwareId: o.hardware, factoryVersion: o.factory, now: parseNow(o.now),
    log: o.json ? undefined : (l) => console.log(l), uptimeCycles: cycles(o.uptimeS), trialCycles: cycles(o.trialS), watchCycles: cycles(o.watchS),
  };
}

export const dirOptions = (c: Command) => c
  .option('--dir <dir>', 'OTA state directory (default $HPA_OTA_DIR or .hpa/ota); its secure store is under $HPA_SECURE_DIR (default ~/.hpa/secure)')
  .option('--hardware <id>', `hardware id of a new state directory (default ${DEFAULT_HARDWARE_ID})`)
  .option('--factory <version>', `factory firmware of a new state directory (default ${DEFAULT_FACTORY_VERSION})`)
  .option('--uptime-s <s>', 'trial: drive on the running version this long before the swap (default 60)')
  .option('--trial-s <s>', 'trial window (default 10)')
  .option('--watch-s <s>', 'watch after the trial window; a fault in it still rolls back (default 30)')
  .option('--json', 'machine-readable output');

/** Prints a start report; an integrity issue found on the way is one more line and its exit code. */
function printReport(r: StartReport, json: boolean | undefined, auditPath?: string): void {
  const issue = r.issues[0];
  console.log(json ? JSON.stringify({ ok: !issue, ...(issue ? { error: issue.code } : {}), ...r }) : formatStatus(r, auditPath));
  if (issue) {
    console.error(`hpa: ${issue.message}`);
    process.exitCode = issue.exitCode;
  }
}

export function registerOtaDevice(ota: Command): void {
  dirOptions(ota.command('install <package>').description('verify, write the inactive slot, trial, confirm or roll back'))
    .option('--hold-trial', 'stop after activation: the trial runs at the next start (`hpa ota boot`)')
    .option('--now <date>', 'check expiry against this time')
    .action((pkg: string, o: DirOpts & { holdTrial?: boolean }) => guarded(() => withUpdater(deviceOptions(o), (u) => {
      const { state, trial } = u.install(pkg, o.holdTrial);
      const report = u.start(false);
      const failed = trial !== null && !trial.passed;
      if (o.json) console.log(JSON.stringify({ ok: !failed, ...(failed ? { error: 'trial-failed' } : {}), trial, runningVersion: report.runningVersion, state }));
      else console.log(formatStatus(report, u.store.auditPath));
      if (failed) process.exitCode = 7; // installed, tried, rolled back: the update did not happen
    }), o.json));

  dirOptions(ota.command('boot').description('power-on: check integrity, recover an interrupted update, resume a pending trial'))
    .action((o: DirOpts) => guarded(() => withUpdater(deviceOptions(o), (u) => printReport(u.start(true), o.json)), o.json));

  dirOptions(ota.command('status').description('slots, running version, anti-rollback counter, audit chain; non-zero on any integrity failure'))
    .action((o: DirOpts) => guarded(() => withUpdater(deviceOptions(o), (u) => printReport(u.start(false), o.json, u.store.auditPath)), o.json));

  dirOptions(ota.command('rollback').description('abandon a pending trial (a confirmed version cannot be rolled back)'))
    .action((o: DirOpts) => guarded(() => withUpdater(deviceOptions(o), (u) => {
      u.rollback();
      printReport(u.start(false), o.json);
    }), o.json));

  dirOptions(ota.command('recover').description('operator recovery of a device whose integrity check failed'))
    .option('--audit', 'archive a broken audit log and start a new anchored chain (its first record says why)')
    .action((o: DirOpts & { audit?: boolean }) => guarded(() => withUpdater(deviceOptions(o), (u) => {
      if (!o.audit) { console.error('hpa: recover: say what to recover (--audit)'); process.exitCode = 1; return; }
      const r = recoverAudit(u);
      console.log(o.json ? JSON.stringify({ ok: true, ...r }) : r.problem ? `audit log was broken (${r.problem}); archived as ${r.archived ?? '—'}; a new chain starts` : 'audit log intact: nothing to recover');
    }), o.json));

  ota.command('drive').description('a synthetic highway drive, optionally with a live update arriving at --ota-at')
    .option('--firmware <ref>', 'version the drive starts on (built version or .wasm)', '1.0.0')
    .option('--duration-s <s>', 'drive length', '60')
    .option('--ota <package>', 'release that arrives during the drive')
    .option('--ota-at <s>', 'arrival time', '10')
    .option('--trial-s <s>', 'trial window after the swap (default 5)')
    .option('--dir <dir>', 'device state whose anti-rollback floor, hardware id and trusted root apply (default $HPA_OTA_DIR or .hpa/ota)')
    .option('--root <file>', 'the vehicle\'s trusted root (default <dir>/root.json)')
    .option('--hardware <id>', 'vehicle hardware id')
    .option('--allow-live-activation', 'bench / HIL: swap while driving (default: wait until parked with the pilot off)')
    .option('--seed <n>', 'drive seed', '1')
    .option('--json', 'JSON summary')
    .action((o: { firmware: string; durationS: string; ota?: string; otaAt: string; trialS?: string; dir?: string; root?: string; hardware?: string; allowLiveActivation?: boolean; seed: string; json?: boolean }) => guarded(() => {
      const r = runOtaDrive({
        firmware: o.firmware, durationS: Number(o.durationS), seed: Number(o.seed), packagePath: o.ota, atS: Number(o.otaAt), dir: o.dir, allowLiveActivation: o.allowLiveActivation,
        trustConfig: o.root, hardwareId: o.hardware, trialS: o.trialS === undefined ? undefined : Number(o.trialS), log: o.json ? undefined : (l) => console.log(l),
      });
      console.log(o.json ? JSON.stringify(r) : `drove ${r.cycles} cycles (${o.allowLiveActivation ? 'live activation: bench/HIL' : 'activation only when parked'}): ${r.startVersion} → ${r.versionAtEnd} (${r.outcome}); ${r.fallbackCycles} cycles served by the fallback, ${r.badOutputCycles} bad outputs`);
      if (r.outcome === 'refused' && r.refusal) { // as `install`: one `hpa:` line and the attack's exit code, after the drive's results
        console.error(`hpa: ${r.refusalMessage}`);
        process.exitCode = ATTACKS[r.refusal as keyof typeof ATTACKS] ?? 1;
      }
    }, o.json));
}
