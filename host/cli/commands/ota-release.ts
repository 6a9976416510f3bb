// `hpa ota` release-side commands: keys, roots (create, sign, rotate, provision, update), the
// regression gate, pack, and director assignments. Thin: the logic is in host/ota/release.
import type { Command } from 'commander';
import { writeFileSync } from 'node:fs';
import { provisionRoot, updateRoot } from '../../ota/device/root-store.js';
import { otaDir } from '../../ota/device/slots.js';
import { createAuthority, nextRoot, signRootWith, writeKeyPair } from '../../ota/release/authority.js';
import { CATEGORY_NAMES, type Category, type References } from '../../ota/release/categories.js';
import { signAssignments, type Assignment } from '../../ota/release/director.js';
import { loadPrivateKey, loadPublicKeyPem } from '../../ota/release/keys.js';
import { packRelease } from '../../ota/release/pack.js';
import { parseNow } from '../../ota/release/limits.js';
import { refreshPackage } from '../../ota/release/refresh.js';
import { certify, RegressionFailure } from '../../ota/release/report.js';
import { checkRootShape, ROLES, type RoleName } from '../../ota/release/root.js';
import { loadTrustedRoot, readJsonFileBounded } from '../../ota/release/trusted-root.js';
import { makeOutputDir } from '../../app/output-file.js';
import { guarded } from './ota-guard.js';

const list = (s?: string): string[] => (s ?? '').split(',').map((x) => x.trim()).filter(Boolean);
const json = (v: unknown) => JSON.stringify(v, null, 2) + '\n';

export function registerOtaRelease(ota: Command): void {
  ota.command('keygen').description('generate one Ed25519 key pair (<prefix>.key, <prefix>.pub)')
    .requiredOption('--out <prefix>', 'writes <prefix>.key (private, 0600) and <prefix>.pub')
    .action((o: { out: string }) => guarded(() => {
      const k = writeKeyPair(o.out);
      console.log(`key ${k.keyId}\n  private ${k.key}\n  public  ${k.pub}`);
    }));

  ota.command('init-root').description('manufacturer key ceremony: one key per role and root v1 signed by the root keys')
    .requiredOption('--out <dir>', 'writes <role>.key/.pub for root, targets, snapshot, timestamp, evidence, director and root.json')
    .option('--root-keys <n>', 'number of root keys', '1').option('--root-threshold <n>', 'root signatures required', '1')
    .action((o: { out: string; rootKeys: string; rootThreshold: string }) => guarded(() => {
      makeOutputDir('--out', o.out);
      const a = createAuthority(o.out, { rootKeys: Number(o.rootKeys), rootThreshold: Number(o.rootThreshold) });
      console.log(`root v${a.root.root.version} (expires ${a.root.root.expires}): ${a.rootPath}\nroles: ${ROLES.map((r) => `${r} ${a.root.root.roles[r].threshold}/${a.root.root.roles[r].keyids.length}`).join(', ')}`);
    }));

  const roleOpts = (c: Command) => { for (const r of ROLES) c.option(`--${r} <pubs>`, `new ${r} public key(s), comma-separated`).option(`--${r}-threshold <n>`, `${r} threshold`); return c; };
  roleOpts(ota.command('root-next').description('draft the next root (version + 1) replacing some roles\' keys; unsigned: sign it with root-sign')
    .requiredOption('--from <root.json>', 'the current root').requiredOption('--out <file>', 'the unsigned next root')
    .option('--expires-days <d>', 'lifetime (≤ 365)', '365'))
    .action((o: Record<string, string>) => guarded(() => {
      const prev = checkRootShape(readJsonFileBounded(o.from, 'root'), o.from).signed;
      const replace: Partial<Record<RoleName, string[]>> = {};
      const thresholds: Partial<Record<RoleName, number>> = {};
      for (const r of ROLES) {
        const camel = r;
        if (o[camel]) replace[r] = list(o[camel]).map(loadPublicKeyPem);
        if (o[`${camel}Threshold`]) thresholds[r] = Number(o[`${camel}Threshold`]);
      }
      const draft = nextRoot(prev, { replace, thresholds, expires: new Date(Date.now() + Number(o.expiresDays) * 86_400_000) });
      writeFileSync(o.out, json(draft));
      console.log(`root v${draft.signed.version} drafted: ${o.out} (needs a threshold of the v${prev.version} root keys and of its own)`);
    }));

  ota.command('root-sign <root>').description('add signatures to a root file (each key holder signs in turn)')
    .requiredOption('--key <files>', 'private key file(s), comma-separated')
    .action((file: string, o: { key: string }) => guarded(() => {
      const signed = signRootWith(checkRootShape(readJsonFileBounded(file, 'root'), file), list(o.key));
      writeFileSync(file, json(signed));
      console.log(`${file}: ${signed.signatures.length} signature(s)`);
    }));

  ota.command('provision').description('manufacture: store the trusted root in a new vehicle state directory')
    .requiredOption('--root <root.json>', 'root v1, signed by its root keys')
    .option('--dir <dir>', 'OTA state directory (default $HPA_OTA_DIR or .hpa/ota)')
    .option('--hardware <id>', 'hardware id').option('--factory <version>', 'factory firmware')
    .action((o: { root: string; dir?: string; hardware?: string; factory?: string }) => guarded(() => {
      const t = provisionRoot(otaDir(o.dir), o.root, { hardwareId: o.hardware, factoryVersion: o.factory });
      console.log(`provisioned root v${t.root.version} in ${otaDir(o.dir)}`);
    }));

  ota.command('root-update <root>').description('apply a new root: version + 1, signed by a threshold of the old and of the new root keys')
    .option('--dir <dir>', 'OTA state directory').option('--json', 'JSON output')
    .action((file: string, o: { dir?: string; json?: boolean }) => guarded(() => {
      const r = updateRoot(otaDir(o.dir), file);
      console.log(o.json ? JSON.stringify({ ok: true, ...r }) : `root updated v${r.from} → v${r.to}`);
    }, o.json));

  ota.command('certify <firmware>').description('the regression gate: run the shipped scenario library, sign the evidence with the gate key')
    .option('--key <file>', 'evidence (gate) private key').option('--out <file>', 'write the signed evidence here')
    .action((firmware: string, o: { key?: string; out?: string }) => guarded(async () => {
      const key = o.key ? loadPrivateKey(o.key) : null;
      try {
        const ev = await certify(firmware, key);
        if (o.out) writeFileSync(o.out, json(ev));
        console.log(`passed ${ev.signed.scenarios} scenarios; evidence${o.out ? ` ${o.out}` : ''}`);
      } catch (e) {
        if (e instanceof RegressionFailure && o.out) writeFileSync(o.out, json(e.evidence ?? e.report));
        throw e;
      }
    }));

  ota.command('pack <firmware>').description('sign a release: targets, snapshot, timestamp over the image and its signed test evidence')
    .requiredOption('--release-counter <n>', 'monotonic release counter (integer 0 … 2^31-1)')
    .requiredOption('--hardware <ids>', 'comma-separated hardware ids (model codes)')
    .requiredOption('--category <c>', CATEGORY_NAMES.join(' | '))
    .option('--recall-filing <id>', 'recall: the SAMR recall number, e.g. S2025M0149I')
    .option('--approval <id>', 'main-parameters: product-change approval').option('--filing <id>', 'main-parameters: change filing')
    .option('--permit <id>', 'driving-automation: the permit')
    .requiredOption('--expires <date>', 'targets expiry (ISO date, ≤ 90 d ahead)')
    .requiredOption('--key <files>', 'targets (release) private key(s)')
    .requiredOption('--snapshot-key <files>', 'snapshot private key(s)').requiredOption('--timestamp-key <files>', 'timestamp private key(s)')
    .option('--report <file>', 'signed evidence from `hpa ota certify --key`').option('--evidence-key <file>', 'run the gate now and sign with this key')
    .option('--root <root.json>', 'verify the package against this root before writing it')
    .option('--release-version <x.y.z>', 'release version (must match the image)')
    .option('--now <date>', 'signing time (default: now)')
    .option('-o, --out <file>', 'package file', 'release.hpa')
    .action((firmware: string, o: Record<string, string | undefined>) => guarded(async () => {
      const references: References = {};
      for (const k of ['recallFiling', 'approval', 'filing', 'permit'] as const) if (o[k]) references[k] = o[k];
      const { meta, bytes, evidence } = await packRelease({
        firmware, out: o.out!, targetsKeys: list(o.key), snapshotKeys: list(o.snapshotKey), timestampKeys: list(o.timestampKey),
        releaseCounter: Number(o.releaseCounter), hardwareIds: list(o.hardware), category: o.category as Category, references,
        expires: o.expires!, version: o.releaseVersion, evidencePath: o.report, evidenceKey: o.evidenceKey,
        root: o.root ? loadTrustedRoot(o.root) : undefined, now: parseNow(o.now),
      });
      console.log(`packed ${meta.version} #${meta.releaseCounter} (${meta.category} ${Object.values(meta.references).join(' ')}) for ${meta.hardwareIds.join(', ')}: ${o.out} ${bytes} B; evidence ${evidence.signed.scenarios} scenarios passed`);
    }));

  ota.command('refresh <package>').description('mirror: re-sign the timestamp (and with --snapshot-key the snapshot) of a current release')
    .requiredOption('--timestamp-key <files>', 'timestamp private key(s)').option('--snapshot-key <files>', 'also re-sign the snapshot (every ≤ 7 d)')
    .option('--now <date>', 'signing time (default: now)').option('-o, --out <file>', 'output (default: in place)')
    .action((pkg: string, o: { timestampKey: string; snapshotKey?: string; now?: string; out?: string }) => guarded(() => {
      const r = refreshPackage(pkg, { timestampKeys: list(o.timestampKey), snapshotKeys: list(o.snapshotKey), out: o.out ?? pkg, now: parseNow(o.now) });
      console.log(`${o.out ?? pkg}: timestamp valid until ${r.timestampExpires}, snapshot until ${r.snapshotExpires}`);
    }));

  ota.command('assign <assignments>').description('director: sign which image each vehicle (VIN, hardware id) should run')
    .requiredOption('--key <files>', 'director private key(s)').requiredOption('--director-version <n>', 'director metadata version (rises with every assignment)')
    .option('--expires-days <d>', 'lifetime (≤ 30)', '30').requiredOption('--out <file>', 'signed assignment file')
    .action((file: string, o: { key: string; directorVersion: string; expiresDays: string; out: string }) => guarded(() => {
      const assignments = readJsonFileBounded(file, 'assignment list') as Assignment[];
      const signed = signAssignments(Array.isArray(assignments) ? assignments : [], { version: Number(o.directorVersion), expires: new Date(Date.now() + Number(o.expiresDays) * 86_400_000), keys: list(o.key).map(loadPrivateKey) });
      writeFileSync(o.out, json(signed));
      console.log(`director v${signed.signed.version}: ${signed.signed.assignments.length} assignment(s) in ${o.out}`);
    }));
}
