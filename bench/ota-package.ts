// A signed release package of a firmware variant, built with the OTA layer's own encoder, so the
// swap benchmark can time host/ota's real verifyPackage (signature, hashes, ABI check).
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { ABI_VERSION, STATE_LAYOUT_VERSION } from '../abi/signals.js';
import { LAYOUT } from '../host/ecu/abi-views.js';
import { sha256Hex } from '../host/ecu/firmware.js';
import { keyIdOf, type TrustConfig } from '../host/ota/release/keys.js';
import { encodePackage, type ReleaseMetadata } from '../host/ota/release/package.js';
import type { VerifyContext } from '../host/ota/release/verify.js';

export const BENCH_HARDWARE_ID = 'hpa-bench';

export interface Signer { key: KeyObject; ctx: VerifyContext }

export function benchSigner(): Signer {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const publicKeyPem = publicKey.export({ format: 'pem', type: 'spki' }).toString();
  const trust: TrustConfig = { keys: [{ keyId: keyIdOf(privateKey), publicKeyPem, role: 'release' }] };
  return { key: privateKey, ctx: { trust, now: new Date(), hardwareId: BENCH_HARDWARE_ID, installed: null } };
}

export function benchPackage(image: Uint8Array, version: string, signer: Signer): Buffer {
  const sha256 = sha256Hex(image);
  const report = Buffer.from(JSON.stringify({
    type: 'hpa-regression-report', firmwareSha256: sha256, firmwareVersion: version, librarySha256: '', scenarios: 1, passed: true,
    results: [{ file: 'bench', scenario: 'bench', passed: true, reasons: [], collision: false, impactSpeedKph: null }],
    createdAt: new Date().toISOString(),
  }));
  const meta: ReleaseMetadata = {
    type: 'hpa-ecu-release', version, releaseCounter: 1, abiVersion: ABI_VERSION, abiHash: `0x${LAYOUT.abiHash.toString(16)}`,
    stateLayoutVersion: STATE_LAYOUT_VERSION, hardwareIds: [BENCH_HARDWARE_ID], length: image.length, sha256,
    expires: new Date(Date.now() + 86_400_000).toISOString(), class: 'fix', filingId: 'BENCH', testReportSha256: sha256Hex(report),
    createdAt: new Date().toISOString(),
  };
  return encodePackage(meta, report, image, signer.key);
}
