// `hpa ota pack`: certify the candidate (or take the report of a `hpa ota certify` run on the
// very same bytes), then sign the metadata and write the one-file release.
import { compileFirmware } from '../swap/wasm.js';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { ABI_VERSION } from '../../../abi/signals.js';
import { LAYOUT } from '../../ecu/abi-views.js';
import { Ecu } from '../../ecu/ecu.js';
import { resolveFirmware, sha256Hex } from '../../ecu/firmware.js';
import { OtaError } from '../errors.js';
import { loadPrivateKey } from './keys.js';
import { encodePackage, RELEASE_CLASSES, type ReleaseClass, type ReleaseMetadata } from './package.js';
import { certify, type RegressionReport } from './report.js';

export interface PackOptions {
  firmware: string;          // .wasm path or built version
  out: string;
  keyPath: string;
  releaseCounter: number;
  hardwareIds: string[];
  releaseClass: ReleaseClass;
  filingId: string;
  expires: string;
  version?: string;
  /** A report from `hpa ota certify`; without it the gate runs now. */
  reportPath?: string;
}

export async function packRelease(o: PackOptions): Promise<{ meta: ReleaseMetadata; bytes: number; report: RegressionReport }> {
  const image = resolveFirmware(o.firmware);
  const ecu = new Ecu(compileFirmware(image.bytes), image.info); // also the ABI check
  const version = o.version ?? ecu.version;
  if (version !== ecu.version) throw new OtaError('version', `--version ${version} but the image reports ${ecu.version}`);
  if (!RELEASE_CLASSES.includes(o.releaseClass)) throw new OtaError('class', `--class must be one of ${RELEASE_CLASSES.join(', ')}`);
  if (!Number.isInteger(o.releaseCounter) || o.releaseCounter < 0) throw new OtaError('counter', '--release-counter must be a non-negative integer');
  const expires = new Date(o.expires);
  if (Number.isNaN(expires.getTime())) throw new OtaError('expires', `--expires ${o.expires} is not a date`);
  if (o.hardwareIds.length === 0) throw new OtaError('hardware', '--hardware needs at least one id');
  const key = loadPrivateKey(o.keyPath);

  let report: RegressionReport;
  if (o.reportPath) {
    if (!existsSync(o.reportPath)) throw new OtaError('no-report', `report not found: ${o.reportPath}`);
    report = JSON.parse(readFileSync(o.reportPath, 'utf8')) as RegressionReport;
    if (report.firmwareSha256 !== image.info.sha256 || !report.passed) throw new OtaError('report-mismatch', `${o.reportPath} is not a passed report for this image`, 3);
  } else {
    report = await certify(image.path);
  }
  const reportBytes = Buffer.from(JSON.stringify(report, null, 2));
  const meta: ReleaseMetadata = {
    type: 'hpa-ecu-release', version, releaseCounter: o.releaseCounter, abiVersion: ABI_VERSION,
    abiHash: `0x${LAYOUT.abiHash.toString(16)}`, stateLayoutVersion: ecu.stateLayoutVersion,
    hardwareIds: o.hardwareIds, length: image.bytes.length, sha256: sha256Hex(image.bytes),
    expires: expires.toISOString(), class: o.releaseClass, filingId: o.filingId,
    testReportSha256: sha256Hex(reportBytes), createdAt: new Date().toISOString(),
  };
  const file = encodePackage(meta, reportBytes, image.bytes, key);
  writeFileSync(o.out, file);
  return { meta, bytes: file.length, report };
}
