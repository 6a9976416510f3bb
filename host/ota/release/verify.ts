// Uptane-style verification of a release package, in a fixed order. Each failure throws an
// OtaRefusal naming the attack; the caller changes nothing on disk before this returns.
import { compileFirmware } from '../swap/wasm.js';
import { ABI_VERSION } from '../../../abi/signals.js';
import { LAYOUT } from '../../ecu/abi-views.js';
import { Ecu } from '../../ecu/ecu.js';
import { sha256Hex } from '../../ecu/firmware.js';
import { OtaRefusal } from '../errors.js';
import type { TrustConfig } from './keys.js';
import { verifyBytes } from './keys.js';
import { checkMetadataShape, compareVersions, decodePackage, type ReleaseMetadata } from './package.js';
import type { RegressionReport } from './report.js';

export interface InstalledRelease { version: string; releaseCounter: number }

export interface VerifyContext {
  trust: TrustConfig;
  now: Date;
  hardwareId: string;
  /** The confirmed release and the anti-rollback counter; null on a factory-fresh ECU. */
  installed: InstalledRelease | null;
}

export interface VerifiedRelease {
  meta: ReleaseMetadata;
  image: Uint8Array;
  report: RegressionReport;
  keyId: string;
  packageSha256: string;
  /** The image compiled for the ABI check; reuse it instead of compiling twice. */
  module: WebAssembly.Module;
}

/** The order the checks run in (docs and tests read it from here). */
export const CHECK_ORDER = [
  'malformed', 'unknown-key', 'bad-signature', 'freeze', 'truncated', 'hash-mismatch', 'endless-data',
  'rollback', 'wrong-hardware', 'abi-mismatch', 'untested',
] as const;

export function verifyPackage(file: Uint8Array, ctx: VerifyContext): VerifiedRelease {
  const pkg = decodePackage(file);
  const key = ctx.trust.keys.find((k) => k.keyId === pkg.keyId);
  if (!key) throw new OtaRefusal('unknown-key', `metadata signed by key ${pkg.keyId.slice(0, 16)}…, which is not in the trust config`);
  if (!verifyBytes(pkg.metaBytes, pkg.signature, key.publicKeyPem)) throw new OtaRefusal('bad-signature', `signature by ${pkg.keyId.slice(0, 16)}… does not match the metadata`);
  const meta = checkMetadataShape(pkg.meta);
  if (Date.parse(meta.expires) <= ctx.now.getTime()) throw new OtaRefusal('freeze', `metadata expired at ${meta.expires}`);

  // Read no more than the signed length: an endless stream cannot make us hash or store more.
  const image = pkg.payload.subarray(0, meta.length);
  if (image.length < meta.length) throw new OtaRefusal('truncated', `image has ${image.length} B of the signed ${meta.length} B`);
  if (sha256Hex(image) !== meta.sha256) throw new OtaRefusal('hash-mismatch', `image SHA-256 is not the signed ${meta.sha256.slice(0, 16)}…`);
  if (pkg.payload.length > meta.length) throw new OtaRefusal('endless-data', `${pkg.payload.length - meta.length} B follow the signed ${meta.length} B image`);

  const inst = ctx.installed;
  if (inst && (compareVersions(meta.version, inst.version) < 0 || meta.releaseCounter < inst.releaseCounter)) {
    throw new OtaRefusal('rollback', `release ${meta.version} #${meta.releaseCounter} is older than the installed ${inst.version} #${inst.releaseCounter}`);
  }
  if (!meta.hardwareIds.includes(ctx.hardwareId)) throw new OtaRefusal('wrong-hardware', `release is for ${meta.hardwareIds.join(', ')}, this ECU is ${ctx.hardwareId}`);
  const module = checkAbi(meta, image);
  const report = checkEvidence(meta, pkg.report);
  return { meta, image, report, keyId: pkg.keyId, packageSha256: sha256Hex(file), module };
}

function checkAbi(meta: ReleaseMetadata, image: Uint8Array): WebAssembly.Module {
  const hostHash = `0x${LAYOUT.abiHash.toString(16)}`;
  if (meta.abiVersion !== ABI_VERSION || meta.abiHash !== hostHash) {
    throw new OtaRefusal('abi-mismatch', `release declares ABI ${meta.abiVersion}/${meta.abiHash}, this host speaks ${ABI_VERSION}/${hostHash}`);
  }
  // The declaration must also be true of the image itself.
  let ecu: Ecu;
  let module: WebAssembly.Module;
  try {
    module = compileFirmware(image);
    ecu = new Ecu(module, { version: meta.version, build: 'external', file: `release ${meta.version}`, sha256: meta.sha256, bytes: image.length, features: [] });
  } catch (e) {
    throw new OtaRefusal('abi-mismatch', `image does not load as HPA-ECU firmware: ${(e as Error).message}`);
  }
  if (ecu.version !== meta.version) throw new OtaRefusal('abi-mismatch', `image reports version ${ecu.version}, metadata says ${meta.version}`);
  return module;
}

function checkEvidence(meta: ReleaseMetadata, reportBytes: Uint8Array): RegressionReport {
  if (reportBytes.length === 0) throw new OtaRefusal('untested', 'the package carries no regression report');
  if (sha256Hex(reportBytes) !== meta.testReportSha256) throw new OtaRefusal('untested', 'the regression report is not the one the metadata cites');
  let report: RegressionReport;
  try { report = JSON.parse(Buffer.from(reportBytes).toString('utf8')) as RegressionReport; } catch { throw new OtaRefusal('untested', 'the regression report is not JSON'); }
  if (report.firmwareSha256 !== meta.sha256) throw new OtaRefusal('untested', 'the regression report tested another image');
  if (report.passed !== true || !Array.isArray(report.results) || report.results.length === 0) throw new OtaRefusal('untested', 'the regression report does not show a passed run');
  return report;
}
