// A signed release package of a firmware variant, built with the OTA layer's own signing code
// (in-memory role keys and root), so the swap benchmark times host/ota's real verifier
// (signatures of every role, hashes, evidence, ABI check).
import { ABI_VERSION, STATE_LAYOUT_VERSION } from '../abi/signals.js';
import { LAYOUT } from '../host/ecu/abi-views.js';
import { sha256Hex } from '../host/ecu/firmware.js';
import { memoryAuthority, type MemoryAuthority } from '../host/ota/release/authority.js';
import { encodePackage, metaSha256, signBundle } from '../host/ota/release/package.js';
import { signEnvelope } from '../host/ota/release/signed.js';
import type { RegressionReport } from '../host/ota/release/report.js';
import type { VerifyContext } from '../host/ota/release/verify.js';

export const BENCH_HARDWARE_ID = 'hpa-bench';

export interface Signer { authority: MemoryAuthority; ctx: VerifyContext }

export function benchSigner(): Signer {
  const authority = memoryAuthority();
  return { authority, ctx: { root: authority.root, now: new Date(), hardwareId: BENCH_HARDWARE_ID, installed: null } };
}

export function benchPackage(image: Uint8Array, version: string, signer: Signer): Buffer {
  const sha256 = sha256Hex(image);
  const id = 'bench.json#bench';
  const report: RegressionReport = {
    _type: 'hpa-evidence', firmwareSha256: sha256, firmwareVersion: version, library: { sha256: '', scenarios: [id] }, scenarios: 1, passed: true,
    results: [{ file: 'bench.json', scenario: 'bench', passed: true, reasons: [], collision: false, impactSpeedKph: null }], createdAt: new Date().toISOString(),
  };
  const k = signer.authority.keys;
  const evidence = signEnvelope(report, [k.evidence]);
  const bundle = signBundle({
    release: {
      version, releaseCounter: 1, abiVersion: ABI_VERSION, abiHash: `0x${LAYOUT.abiHash.toString(16)}`, stateLayoutVersion: STATE_LAYOUT_VERSION,
      hardwareIds: [BENCH_HARDWARE_ID], length: image.length, sha256, category: 'non-technical', references: {}, evidenceSha256: metaSha256(report), createdAt: new Date().toISOString(),
    },
    evidence, keys: { targets: [k.targets], snapshot: [k.snapshot], timestamp: [k.timestamp] }, targetsExpires: new Date(Date.now() + 86_400_000),
  });
  return encodePackage(bundle, image);
}
