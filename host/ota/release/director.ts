// The director role (Uptane "Director repository"): a signed assignment of which image each
// vehicle (VIN, hardware id) should run. The image repository (targets) says what a release
// IS; the director says who should install it. A vehicle, or the campaign acting for it,
// installs only the image assigned to its VIN and hardware id.
import type { KeyObject } from 'node:crypto';
import { OtaRefusal } from '../errors.js';
import { checkCounter, checkExpiryAtSigning, checkExpiryOnVehicle } from './limits.js';
import type { TrustedRoot } from './root.js';
import { checkRole, isEnvelope, signEnvelope, type Signed } from './signed.js';

export interface Assignment { vin: string; hardwareId: string; version: string; releaseCounter: number; sha256: string }
export interface DirectorMetadata { _type: 'hpa-director'; version: number; expires: string; assignments: Assignment[] }

/** ISO 3779 VIN: 17 characters, no I, O or Q. */
const VIN = /^[A-HJ-NPR-Z0-9]{17}$/;

export function signAssignments(assignments: Assignment[], o: { version: number; expires: Date; keys: KeyObject[]; now?: Date }): Signed<DirectorMetadata> {
  checkCounter(o.version, 'director version');
  checkExpiryAtSigning('director', o.expires, o.now ?? new Date());
  for (const a of assignments) checkAssignmentShape(a);
  return signEnvelope<DirectorMetadata>({ _type: 'hpa-director', version: o.version, expires: o.expires.toISOString(), assignments }, o.keys);
}

function checkAssignmentShape(a: Assignment): void {
  if (!a || typeof a !== 'object') throw new OtaRefusal('malformed', 'assignment is not an object');
  if (typeof a.vin !== 'string' || !VIN.test(a.vin)) throw new OtaRefusal('malformed', `assignment VIN "${String(a.vin)}" is not 17 characters of ISO 3779`);
  if (typeof a.hardwareId !== 'string' || a.hardwareId.length === 0) throw new OtaRefusal('malformed', `assignment for ${a.vin}: hardwareId missing`);
  if (typeof a.version !== 'string' || !/^[0-9a-f]{64}$/.test(String(a.sha256))) throw new OtaRefusal('malformed', `assignment for ${a.vin}: version or sha256 missing`);
  checkCounter(a.releaseCounter, `assignment for ${a.vin}: release counter`);
}

/** Verifies a director file against the trusted root; returns its assignments. */
export function verifyAssignments(env: unknown, root: TrustedRoot, now: Date, seenVersion?: number): DirectorMetadata {
  if (!isEnvelope(env)) throw new OtaRefusal('malformed', 'director assignment is not a signed envelope');
  checkRole(env, 'director', root.root.roles.director, root.root.keys, 'director assignment');
  const d = env.signed as Partial<DirectorMetadata>;
  if (d._type !== 'hpa-director' || !Array.isArray(d.assignments)) throw new OtaRefusal('malformed', 'director assignment has no assignments');
  const version = checkCounter(d.version, 'director version');
  if (seenVersion !== undefined && version < seenVersion) throw new OtaRefusal('rollback', `director version ${version} is below the ${seenVersion} already seen`);
  checkExpiryOnVehicle('director', d.expires, now);
  for (const a of d.assignments) checkAssignmentShape(a);
  return d as DirectorMetadata;
}

/** The vehicle's own check: the director assigned exactly this image to this VIN and hardware id. */
export function checkAssigned(d: DirectorMetadata, vin: string, hardwareId: string, release: { version: string; releaseCounter: number; sha256: string }): Assignment {
  const a = d.assignments.find((x) => x.vin === vin);
  if (!a) throw new OtaRefusal('wrong-assignment', `the director assigns nothing to ${vin}`);
  if (a.hardwareId !== hardwareId) throw new OtaRefusal('wrong-assignment', `the director's assignment for ${vin} is for hardware ${a.hardwareId}, this ECU is ${hardwareId}`);
  if (a.sha256 !== release.sha256 || a.version !== release.version || a.releaseCounter !== release.releaseCounter) {
    throw new OtaRefusal('wrong-assignment', `the director assigns ${a.version} #${a.releaseCounter} to ${vin}, not ${release.version} #${release.releaseCounter}`);
  }
  return a;
}
