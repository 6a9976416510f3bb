// THE verifier. Every path that accepts a release (install, boot, `hpa ota drive`, `hpa run
// --ota`, the real-time live swap, the campaign) calls this one function with one policy object:
//
//   verifyRelease(source: string | Uint8Array, ctx: VerifyContext): VerifiedRelease
//
//   ctx.root       TrustedRoot  the vehicle's trusted root (loadTrustedRoot / trustRootAtManufacture)
//   ctx.now        Date         the vehicle's clock (expiry, freeze)
//   ctx.hardwareId string       this ECU's model code
//   ctx.installed  { version, releaseCounter } | null   the anti-rollback floor (null: factory-fresh)
//   ctx.seen?      { timestampVersion?, snapshotVersion? }  the highest versions this vehicle accepted
//                  (sealed in its secure store, device/freshness.ts): an older one is a replay
//
// It throws OtaRefusal(name) at the first failing check, in CHECK_ORDER, and changes nothing on
// disk. A path reads at most the header, the capped metadata and the signed image length (+1 B).
// TUF client workflow §5.3 – §5.7, with Uptane's hardware id and our evidence / category checks.
import { createHash } from 'node:crypto';
import { ABI_VERSION } from '../../../abi/signals.js';
import { LAYOUT } from '../../ecu/abi-views.js';
import { Ecu } from '../../ecu/ecu.js';
import { OtaError, OtaRefusal } from '../errors.js';
import { compileFirmware } from '../swap/wasm.js';
import { checkCategory, mainReference } from './categories.js';
import { checkCounter, checkExpiryOnVehicle, MAX_IMAGE_BYTES } from './limits.js';
import { compareVersions, metaSha256, type MetadataBundle, type ReleaseInfo } from './package.js';
import { checkEvidenceContent, type RegressionReport } from './report.js';
import type { TrustedRoot } from './root.js';
import { checkRole, isEnvelope, type Signed } from './signed.js';
import { openSource, readMetadataSection, type PackageSource } from './source.js';

export interface InstalledRelease { version: string; releaseCounter: number }

export interface VerifyContext {
  root: TrustedRoot;
  now: Date;
  hardwareId: string;
  /** The confirmed release and the anti-rollback counter; null on a factory-fresh ECU. */
  installed: InstalledRelease | null;
  /** Highest timestamp and snapshot versions this vehicle accepted before (TUF §5.4.3, §5.5.5). */
  seen?: { timestampVersion?: number; snapshotVersion?: number };
}

/** The signed release, flattened: ReleaseInfo plus the targets expiry and the main reference. */
export interface ReleaseMetadata extends ReleaseInfo { expires: string; filingId: string | null }

export interface VerifiedRelease {
  meta: ReleaseMetadata;
  image: Uint8Array;
  report: RegressionReport;
  /** The targets key(s) that signed (first one: the display id). */
  keyId: string;
  keyIds: string[];
  packageSha256: string;
  versions: { timestamp: number; snapshot: number; targets: number };
  /** The image compiled for the ABI check; reuse it instead of compiling twice. */
  module: WebAssembly.Module;
}

/** The order the checks run in (docs and tests read it from here). */
export const CHECK_ORDER = [
  'not-regular-file', 'malformed', 'endless-data', 'freeze', 'unknown-key', 'bad-signature', 'threshold', 'bad-expiry', 'bad-counter',
  'hash-mismatch', 'rollback', 'wrong-category', 'wrong-filing', 'wrong-hardware', 'untested', 'truncated', 'abi-mismatch',
] as const;

const IMAGE_CHUNK = 1 << 20;

export function verifyRelease(source: string | Uint8Array, ctx: VerifyContext): VerifiedRelease {
  const src = openSource(source);
  try { return verifyFrom(src, ctx); } finally { src.close(); }
}

/** The previous name, kept for callers that hold bytes. */
export const verifyPackage = (file: Uint8Array, ctx: VerifyContext): VerifiedRelease => verifyRelease(file, ctx);

function verifyFrom(src: PackageSource, ctx: VerifyContext): VerifiedRelease {
  if (!Number.isFinite(ctx.now.getTime())) throw new OtaError('bad-clock', 'the vehicle clock is not a date: no expiry can be checked', 2);
  const { metaBytes, imageOffset } = readMetadataSection(src);
  const bundle = parseBundle(metaBytes);
  const { root } = ctx.root;
  checkExpiryOnVehicle('root', root.expires, ctx.now);

  // Timestamp: fresh (short expiry) and not older than one seen before.
  const ts = bundle.timestamp;
  const tsVersion = checkFreshRole(ts, 'timestamp', ctx, ctx.seen?.timestampVersion);

  // Snapshot: the one the timestamp pins.
  const snap = bundle.snapshot;
  if (metaSha256(snap.signed) !== ts.signed.snapshot?.sha256) throw new OtaRefusal('hash-mismatch', 'snapshot is not the one the timestamp pins (mix-and-match)');
  const snapVersion = checkFreshRole(snap, 'snapshot', ctx, ctx.seen?.snapshotVersion);
  if (snapVersion !== ts.signed.snapshot.version) throw new OtaRefusal('hash-mismatch', `snapshot version ${snapVersion} is not the timestamp's ${ts.signed.snapshot.version}`);

  // Targets: the release itself.
  const tg = bundle.targets;
  if (metaSha256(tg.signed) !== snap.signed.targets?.sha256) throw new OtaRefusal('hash-mismatch', 'targets metadata is not the one the snapshot pins (mix-and-match)');
  checkRole(tg, 'targets', root.roles.targets, root.keys, 'release metadata (targets)');
  expectType(tg.signed, 'hpa-targets');
  const rel = checkReleaseShape(tg.signed.release);
  const counter = checkCounter(rel.releaseCounter, 'release counter');
  checkCounter(rel.length, 'image length');
  if (tg.signed.version !== counter || snap.signed.targets.version !== counter) throw new OtaRefusal('hash-mismatch', `targets version ${tg.signed.version} / snapshot's ${snap.signed.targets.version} do not match release counter ${counter}`);
  checkExpiryOnVehicle('targets', tg.signed.expires, ctx.now);

  const inst = ctx.installed;
  if (inst && (compareVersions(rel.version, inst.version) < 0 || counter < inst.releaseCounter)) {
    throw new OtaRefusal('rollback', `release ${rel.version} #${counter} is older than the installed ${inst.version} #${inst.releaseCounter}`);
  }
  const { category, references } = checkCategory(rel.category, rel.references, rel.hardwareIds);
  if (!rel.hardwareIds.includes(ctx.hardwareId)) throw new OtaRefusal('wrong-hardware', `release is for ${rel.hardwareIds.join(', ')}, this ECU is ${ctx.hardwareId}`);

  // Evidence: what it lists first (a flipped flag is still untested), then who signed it.
  const ev = bundle.evidence;
  const report = checkEvidenceContent(ev.signed, rel.sha256);
  const evSha = metaSha256(ev.signed);
  if (evSha !== rel.evidenceSha256 || evSha !== snap.signed.evidence?.sha256) throw new OtaRefusal('untested', 'the test evidence is not the report the release cites');
  checkRole(ev, 'evidence', root.roles.evidence, root.keys, 'test evidence');

  // Image: refuse by size before reading; then stream it through the hash.
  const end = imageOffset + rel.length;
  if (src.size > end) throw new OtaRefusal('endless-data', `${src.size - end} B follow the signed ${rel.length} B image`);
  if (src.size < end) throw new OtaRefusal('truncated', `image has ${Math.max(0, src.size - imageOffset)} B of the signed ${rel.length} B`);
  const whole = createHash('sha256').update(src.read(0, imageOffset));
  const imageHash = createHash('sha256');
  const image = new Uint8Array(rel.length);
  for (let at = 0; at < rel.length; at += IMAGE_CHUNK) {
    const chunk = src.read(imageOffset + at, Math.min(IMAGE_CHUNK, rel.length - at));
    if (chunk.length === 0) throw new OtaRefusal('truncated', `image has ${at} B of the signed ${rel.length} B`);
    image.set(chunk, at);
    imageHash.update(chunk);
    whole.update(chunk);
  }
  if (src.read(end, 1).length > 0) throw new OtaRefusal('endless-data', `data keeps arriving after the signed ${rel.length} B image`);
  if (imageHash.digest('hex') !== rel.sha256) throw new OtaRefusal('hash-mismatch', `image SHA-256 is not the signed ${rel.sha256.slice(0, 16)}…`);

  const meta: ReleaseMetadata = { ...rel, category, references, expires: tg.signed.expires, filingId: mainReference(references) };
  const module = checkAbi(meta, image);
  const keyIds = tg.signatures.map((s) => s.keyid).filter((id) => root.roles.targets.keyids.includes(id));
  return { meta, image, report, keyId: keyIds[0], keyIds, packageSha256: whole.digest('hex'), versions: { timestamp: tsVersion, snapshot: snapVersion, targets: counter }, module };
}

function parseBundle(metaBytes: Buffer): MetadataBundle {
  let b: Partial<Record<keyof MetadataBundle, unknown>>;
  try { b = JSON.parse(metaBytes.toString('utf8')) as typeof b; } catch { throw new OtaRefusal('malformed', 'metadata section is not JSON'); }
  if (!b || typeof b !== 'object') throw new OtaRefusal('malformed', 'metadata section is not an object');
  for (const role of ['timestamp', 'snapshot', 'targets', 'evidence'] as const) {
    if (!isEnvelope(b[role])) throw new OtaRefusal('malformed', `metadata "${role}" is missing or not a signed envelope`);
  }
  return b as MetadataBundle;
}

function expectType(signed: { _type?: unknown }, type: string): void {
  if (signed._type !== type) throw new OtaRefusal('malformed', `metadata _type "${String(signed._type)}" where ${type} belongs`);
}

/**
 * The timestamp and the snapshot pass the same checks (TUF §5.4, §5.5): signed by a threshold
 * of the role's keys, of the role's type, a bounded version, not expired (else `freeze`), and
 * not below the version this vehicle accepted before (else `rollback`: replayed metadata).
 */
function checkFreshRole(env: Signed<{ _type?: unknown; version?: unknown; expires?: unknown }>, role: 'timestamp' | 'snapshot', ctx: VerifyContext, seen: number | undefined): number {
  const { root } = ctx.root;
  checkRole(env, role, root.roles[role], root.keys, role);
  expectType(env.signed, `hpa-${role}`);
  const version = checkCounter(env.signed.version, `${role} version`);
  checkExpiryOnVehicle(role, env.signed.expires, ctx.now);
  if (seen !== undefined && version < seen) throw new OtaRefusal('rollback', `${role} version ${version} is below the ${seen} this vehicle already saw`);
  return version;
}

/** Field types of the signed release (after its signature verified). */
function checkReleaseShape(rel: unknown): ReleaseInfo {
  const m = rel as Record<string, unknown>;
  if (!m || typeof m !== 'object') throw new OtaRefusal('malformed', 'targets carries no release');
  const fields: [keyof ReleaseInfo, string][] = [
    ['version', 'string'], ['releaseCounter', 'number'], ['abiVersion', 'number'], ['abiHash', 'string'], ['stateLayoutVersion', 'number'],
    ['length', 'number'], ['sha256', 'string'], ['category', 'string'], ['evidenceSha256', 'string'], ['createdAt', 'string'],
  ];
  for (const [name, type] of fields) if (typeof m[name] !== type) throw new OtaRefusal('malformed', `release field "${name}" missing or not a ${type}`);
  if (!Array.isArray(m.hardwareIds) || !m.hardwareIds.every((h) => typeof h === 'string')) throw new OtaRefusal('malformed', 'release hardwareIds is not a list of strings');
  if (!/^\d{1,6}\.\d{1,6}\.\d{1,6}$/.test(m.version as string)) throw new OtaRefusal('malformed', `version "${String(m.version)}" is not x.y.z`);
  if (!/^[0-9a-f]{64}$/.test(m.sha256 as string)) throw new OtaRefusal('malformed', 'release sha256 is not a SHA-256');
  if ((m.length as number) > MAX_IMAGE_BYTES) throw new OtaRefusal('endless-data', `release signs a ${String(m.length)} B image; the cap is ${MAX_IMAGE_BYTES} B`);
  return m as unknown as ReleaseInfo;
}

function checkAbi(meta: ReleaseMetadata, image: Uint8Array): WebAssembly.Module {
  const hostHash = `0x${LAYOUT.abiHash.toString(16)}`;
  if (meta.abiVersion !== ABI_VERSION || meta.abiHash !== hostHash) {
    throw new OtaRefusal('abi-mismatch', `release declares ABI ${meta.abiVersion}/${meta.abiHash}, this host speaks ${ABI_VERSION}/${hostHash}`);
  }
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

export type { Signed };
