// The director's part of the campaign (Uptane: the director says which image each vehicle
// should run; release/director.ts holds the format and the check). The campaign builds the
// assignment list for its fleet (`hpa campaign assignments`, signed with `hpa ota assign`) and,
// given a signed assignment, updates only the vehicles it assigns this image to — each checked as
// the vehicle itself would (VIN, hardware id, version, counter, image hash).
import { OtaRefusal } from '../errors.js';
import { checkAssigned, verifyAssignments, type Assignment, type DirectorMetadata } from '../release/director.js';
import type { TrustedRoot } from '../release/root.js';
import { readJsonFileBounded } from '../release/trusted-root.js';
import type { VerifiedRelease } from '../release/verify.js';
import { MODELS, vinOf, type Fleet } from './population.js';

/** A director file holds one assignment per vehicle: ~130 B each, the whole fleet within this cap. */
export const DIRECTOR_FILE_CAP = 32 * 1024 * 1024;

/** One assignment per vehicle whose model the releases cover. */
export function fleetAssignments(fleet: Fleet, modelRelease: (VerifiedRelease | null)[]): Assignment[] {
  const out: Assignment[] = [];
  for (let v = 0; v < fleet.size; v++) {
    const r = modelRelease[fleet.model[v]];
    if (r) out.push({ vin: vinOf(fleet, v), hardwareId: MODELS[fleet.model[v]], version: r.meta.version, releaseCounter: r.meta.releaseCounter, sha256: r.meta.sha256 });
  }
  return out;
}

export function loadDirector(path: string, root: TrustedRoot, now: Date): DirectorMetadata {
  return verifyAssignments(readJsonFileBounded(path, 'director assignment', DIRECTOR_FILE_CAP), root, now);
}

/** Per vehicle: 1 if the director assigns it this release, else 0 (not assigned, or another image: the vehicle would refuse). */
export function assignedVehicles(fleet: Fleet, d: DirectorMetadata, modelRelease: (VerifiedRelease | null)[]): { assigned: Uint8Array; refused: Record<string, number> } {
  const assigned = new Uint8Array(fleet.size);
  const refused: Record<string, number> = {};
  const byVin = new Map(d.assignments.map((a) => [a.vin, a]));
  for (let v = 0; v < fleet.size; v++) {
    const r = modelRelease[fleet.model[v]];
    if (!r) continue;
    const vin = vinOf(fleet, v);
    try {
      checkAssigned({ ...d, assignments: byVin.has(vin) ? [byVin.get(vin)!] : [] }, vin, MODELS[fleet.model[v]], r.meta);
      assigned[v] = 1;
    } catch (e) {
      if (!(e instanceof OtaRefusal)) throw e;
      const why = e.message.includes('assigns nothing') ? 'not assigned' : 'assigned another image or hardware';
      refused[why] = (refused[why] ?? 0) + 1;
    }
  }
  return { assigned, refused };
}
