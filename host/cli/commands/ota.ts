// `hpa ota …` (verify and the demo here; device side in ota-device.ts; release side in ota-release.ts) and
// `hpa campaign` (the fleet recall). Thin:
// every command parses its options and calls into host/ota, where the logic and tests live.
import type { Command } from 'commander';
import { guarded } from './ota-guard.js';
import { verifyOnDevice } from '../../ota/device/session.js';
import { deviceOptions, dirOptions, registerOtaDevice, type DirOpts } from './ota-device.js';
import { registerCampaign } from './campaign.js';
import { registerSwapBench } from './swap-bench.js';
import { registerOtaLive } from './ota-live.js';
import { registerOtaRelease } from './ota-release.js';


export function register(program: Command): void {
  const ota = program.command('ota').description('signed firmware releases, A/B slots, trial and rollback');

  dirOptions(ota.command('verify <package>').description('run every check on a package without installing it'))
    .option('--now <date>', 'check expiry against this time')
    .action((pkg: string, o: DirOpts & { now?: string }) => guarded(() => {
      const r = verifyOnDevice(deviceOptions(o), pkg);
      const summary = { ok: true, version: r.meta.version, releaseCounter: r.meta.releaseCounter, category: r.meta.category, references: r.meta.references, filingId: r.meta.filingId, keyId: r.keyId, packageSha256: r.packageSha256, scenarios: r.report.scenarios };
      console.log(o.json ? JSON.stringify(summary) : `ok: ${r.meta.version} #${r.meta.releaseCounter} ${r.meta.category} ${r.meta.filingId ?? '-'}, signed by ${r.keyId.slice(0, 16)}…, passed ${r.report.scenarios} scenarios`);
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

  registerOtaDevice(ota);
  registerOtaRelease(ota);
  registerSwapBench(ota);
  registerOtaLive(ota);
  registerCampaign(program);
}
