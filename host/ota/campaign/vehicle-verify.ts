// Every vehicle checks the package against its own state (fleet-devices.ts), as `hpa ota
// install --dir` does: the same verifier (verifyForDevice) with its hardware id, its
// anti-rollback floor (the version it runs and its counter) and its metadata floors under the
// campaign's root. Vehicles with equal states and the same model get the same answer, so each
// distinct (model, state) is verified once. A vehicle that refuses is not updated and is counted
// by the refusal's name; one that already runs the image is counted as current.
import { OtaRefusal, type AttackName } from '../errors.js';
import { verifyForDevice } from '../device/policy.js';
import { floorsUnder } from '../device/freshness.js';
import type { TrustedRoot } from '../release/root.js';
import type { VerifiedRelease } from '../release/verify.js';
import type { FleetDevices } from './fleet-devices.js';
import { MODELS, vinOf, type Fleet } from './population.js';

export interface VehicleVerdicts {
  /** Per vehicle: 1 accepted, 2 refused, 3 already runs this image at this counter or higher (0: not asked, the model is not covered). */
  verdict: Uint8Array;
  refused: Partial<Record<AttackName, number>>;
  /** The refusal most vehicles gave, summed up as one refusal (its name and exit code are install's). */
  refusal: OtaRefusal | null;
}

export const ACCEPTED = 1, REFUSED = 2, CURRENT = 3;

export function verifyVehicles(a: { fleet: Fleet; devices: FleetDevices; modelPackage: (Uint8Array | null)[]; root: TrustedRoot; now: Date; asked: (v: number) => boolean }): VehicleVerdicts {
  const { fleet, devices, root } = a;
  const verdict = new Uint8Array(fleet.size);
  const cache = new Map<string, VerifiedRelease | OtaRefusal>();
  const refused: Partial<Record<AttackName, number>> = {};
  const example: Partial<Record<AttackName, { vin: string; e: OtaRefusal }>> = {};
  let asked = 0;
  for (let v = 0; v < fleet.size; v++) {
    const file = a.modelPackage[fleet.model[v]];
    if (!file || !a.asked(v)) continue;
    asked++;
    const key = `${fleet.model[v]}:${devices.stateIndex(v)}`;
    let r = cache.get(key);
    if (r === undefined) { r = verifyAsVehicle(file, MODELS[fleet.model[v]], devices, v, root, a.now); cache.set(key, r); }
    if (r instanceof OtaRefusal) {
      verdict[v] = REFUSED;
      refused[r.attack] = (refused[r.attack] ?? 0) + 1;
      example[r.attack] ??= { vin: vinOf(fleet, v), e: r };
    } else {
      const s = devices.state(v); // the same image under a lower counter is installed again: its counter must rise
      verdict[v] = s.sha256 === r.meta.sha256 && s.releaseCounter >= r.meta.releaseCounter ? CURRENT : ACCEPTED;
    }
  }
  const top = (Object.entries(refused) as [AttackName, number][]).sort((x, y) => y[1] - x[1])[0];
  const refusal = top ? new OtaRefusal(top[0], `${top[1].toLocaleString('en')} of ${asked.toLocaleString('en')} vehicles (e.g. ${example[top[0]]!.vin}): ${example[top[0]]!.e.message.replace(/^refused \([a-z-]+\): /, '')}`) : null;
  return { verdict, refused, refusal };
}

function verifyAsVehicle(file: Uint8Array, hardwareId: string, devices: FleetDevices, v: number, root: TrustedRoot, now: Date): VerifiedRelease | OtaRefusal {
  const s = devices.state(v);
  // A campaign whose root is older than one this vehicle accepted is a replayed root (root-store.ts refuses it the same way).
  if (root.root.version < s.freshness.rootVersion) return new OtaRefusal('rollback', `root version ${root.root.version} is below the ${s.freshness.rootVersion} this vehicle already accepted`);
  try {
    return verifyForDevice(file, { root, now, hardwareId, installed: { version: s.version, releaseCounter: s.releaseCounter }, seen: floorsUnder(s.freshness, root) });
  } catch (e) {
    if (e instanceof OtaRefusal) return e;
    throw e;
  }
}
