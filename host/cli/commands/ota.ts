// `hpa ota …` (release packages, A/B slots) and `hpa campaign` (the fleet recall). Thin:
// every command parses its options and calls into host/ota, where the logic and tests live.
import type { Command } from 'commander';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { guarded } from './ota-guard.js';
import { generateKey, trustKey } from '../../ota/release/keys.js';
import { packRelease } from '../../ota/release/pack.js';
import type { ReleaseClass } from '../../ota/release/package.js';
import { certify, RegressionFailure } from '../../ota/release/report.js';
import { otaDir, SlotStore } from '../../ota/device/slots.js';
import { verifyOnDevice } from '../../ota/device/session.js';
import { deviceOptions, dirOptions, registerOtaDevice, type DirOpts } from './ota-device.js';
import { registerCampaign } from './campaign.js';
import { registerSwapBench } from './swap-bench.js';
import { registerOtaLive } from './ota-live.js';


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
      const r = verifyOnDevice(deviceOptions(o), pkg);
      const summary = { ok: true, version: r.meta.version, releaseCounter: r.meta.releaseCounter, class: r.meta.class, filingId: r.meta.filingId, keyId: r.keyId, packageSha256: r.packageSha256, scenarios: r.report.scenarios };
      console.log(o.json ? JSON.stringify(summary) : `ok: ${r.meta.version} #${r.meta.releaseCounter} ${r.meta.class} ${r.meta.filingId}, signed by ${r.keyId.slice(0, 16)}…, passed ${r.report.scenarios} scenarios`);
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
  registerSwapBench(ota);
  registerOtaLive(ota);
  registerCampaign(program);
}
