// `hpa ota pack`: take the gate's signed evidence for this very image (or run the gate now with
// the gate's key), check it lists every library scenario as passed, then sign targets,
// snapshot and timestamp and write the one-file release. With a root, the written package is
// first run through the vehicle's own verifier: pack never writes what a vehicle would refuse.
import { writeFileSync } from 'node:fs';
import { ABI_VERSION } from '../../../abi/signals.js';
import { LAYOUT } from '../../ecu/abi-views.js';
import { Ecu } from '../../ecu/ecu.js';
import { resolveFirmware, sha256Hex } from '../../ecu/firmware.js';
import { OtaError, OtaRefusal } from '../errors.js';
import { compileFirmware } from '../swap/wasm.js';
import { checkCategory, type Category, type References } from './categories.js';
import { loadPrivateKey } from './keys.js';
import { checkCounter, checkExpiryAtSigning } from './limits.js';
import { encodePackage, metaSha256, signBundle, type MetadataBundle, type ReleaseInfo } from './package.js';
import { certify, checkEvidenceContent, libraryManifest, type SignedEvidence } from './report.js';
import type { TrustedRoot } from './root.js';
import { isEnvelope } from './signed.js';
import { readJsonFileBounded } from './trusted-root.js';
import { verifyRelease } from './verify.js';

export interface PackOptions {
  firmware: string;          // .wasm path or built version
  out: string;
  /** Private key files (PEM) per role; a threshold of each role signs. */
  targetsKeys: string[];
  snapshotKeys: string[];
  timestampKeys: string[];
  releaseCounter: number;
  hardwareIds: string[];
  category: Category;
  references: References;
  expires: string;
  version?: string;
  /** Signed evidence from `hpa ota certify`; without it the gate runs now with evidenceKey. */
  evidencePath?: string;
  evidenceKey?: string;
  /** The root the vehicles trust: the package is verified against it before it is written. */
  root?: TrustedRoot;
  now?: Date;
}

export interface PackResult { meta: ReleaseInfo; bytes: number; evidence: SignedEvidence; bundle: MetadataBundle }

export async function packRelease(o: PackOptions): Promise<PackResult> {
  const now = o.now ?? new Date();
  const image = resolveFirmware(o.firmware);
  const ecu = new Ecu(compileFirmware(image.bytes), image.info); // also the ABI check
  const version = o.version ?? ecu.version;
  if (version !== ecu.version) throw new OtaError('version', `--version ${version} but the image reports ${ecu.version}`);
  checkCounter(o.releaseCounter, '--release-counter');
  const expires = new Date(o.expires);
  checkExpiryAtSigning('targets', expires, now);
  if (o.hardwareIds.length === 0) throw new OtaError('hardware', '--hardware needs at least one id');
  const { category, references } = checkCategory(o.category, o.references, o.hardwareIds);
  const load = (paths: string[], role: string) => {
    if (paths.length === 0) throw new OtaError('no-key', `pack needs the ${role} key`);
    return paths.map(loadPrivateKey);
  };
  const keys = { targets: load(o.targetsKeys, 'targets (release)'), snapshot: load(o.snapshotKeys, 'snapshot'), timestamp: load(o.timestampKeys, 'timestamp') };

  let evidence: SignedEvidence;
  if (o.evidencePath) {
    const e = readJsonFileBounded(o.evidencePath, 'test evidence');
    if (!isEnvelope(e)) throw new OtaRefusal('untested', `${o.evidencePath}: not signed test evidence (run \`hpa ota certify --key <gate.key>\`)`);
    evidence = e as unknown as SignedEvidence;
  } else {
    if (!o.evidenceKey) throw new OtaError('no-report', 'pack needs --report (signed evidence) or --evidence-key to run the regression gate now');
    evidence = await certify(image.path, loadPrivateKey(o.evidenceKey));
  }
  // Re-check what the evidence lists, against the library shipped now (the gate's own flag counts for nothing).
  checkEvidenceContent(evidence.signed, image.info.sha256, await libraryManifest());

  const release: ReleaseInfo = {
    version, releaseCounter: o.releaseCounter, abiVersion: ABI_VERSION, abiHash: `0x${LAYOUT.abiHash.toString(16)}`,
    stateLayoutVersion: ecu.stateLayoutVersion, hardwareIds: o.hardwareIds, length: image.bytes.length, sha256: sha256Hex(image.bytes),
    category, references, evidenceSha256: metaSha256(evidence.signed), createdAt: now.toISOString(),
  };
  const bundle = signBundle({ release, evidence, keys, targetsExpires: expires, now });
  const file = encodePackage(bundle, image.bytes);
  if (o.root) verifyRelease(file, { root: o.root, now, hardwareId: o.hardwareIds[0], installed: null });
  writeFileSync(o.out, file);
  return { meta: release, bytes: file.length, evidence, bundle };
}
