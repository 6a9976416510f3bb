// Which firmware a job runs, named by its SHA-256 so a worker computes with exactly the build the
// submitter meant. A worker looks the hash up among its own builds; an image it cannot have (an
// external .wasm, a recall package's image) travels in the job. A worker whose build of that
// version differs refuses the job rather than count results of another firmware as this one's.
import { listFirmware, resolveFirmware, sha256Hex, FIRMWARE_DIR, type FirmwareImage } from '../ecu/firmware.js';
import { join } from 'node:path';
import { existsSync, readFileSync } from 'node:fs';
import { JobError } from './types.js';

export interface JobFirmware {
  /** What the user named ("1.1.0", "my.wasm"): for messages and for looking the build up. */
  ref: string;
  sha256: string;
  /** The image itself (base64) when it is not one of the project's builds. */
  imageB64?: string;
}

export class FirmwareMismatchError extends JobError {}

/** Submitter side: the job's reference to `ref` (bytes included only for images a worker may not have). */
export function jobFirmware(ref: string): JobFirmware {
  return jobFirmwareOf(ref, resolveFirmware(ref));
}

/** Submitter side, for an image already in hand (a verified recall package). */
export function jobFirmwareOf(ref: string, image: { bytes: Uint8Array; info: { sha256: string } }): JobFirmware {
  const built = listFirmware().some((f) => f.sha256 === image.info.sha256);
  return built ? { ref, sha256: image.info.sha256 } : { ref, sha256: image.info.sha256, imageB64: Buffer.from(image.bytes).toString('base64') };
}

const cache = new Map<string, FirmwareImage>();

/** Worker side: the image with the job's hash, or a FirmwareMismatchError naming both hashes. */
export function firmwareForJob(f: JobFirmware): FirmwareImage {
  const hit = cache.get(f.sha256);
  if (hit) return hit;
  let image: FirmwareImage | undefined;
  if (f.imageB64 !== undefined) {
    const bytes = new Uint8Array(Buffer.from(f.imageB64, 'base64'));
    if (sha256Hex(bytes) !== f.sha256) throw new FirmwareMismatchError(`firmware ${f.ref}: the image in the job does not hash to ${short(f.sha256)} (damaged in transit)`);
    image = { info: { version: 'unknown', build: 'external', file: f.ref, sha256: f.sha256, bytes: bytes.length, features: [] }, bytes, path: f.ref };
  } else {
    const info = listFirmware().find((i) => i.sha256 === f.sha256);
    if (info) {
      image = { info, bytes: new Uint8Array(readFileSync(join(FIRMWARE_DIR, info.file))), path: join(FIRMWARE_DIR, info.file) };
      if (sha256Hex(image.bytes) !== f.sha256) image = undefined; // manifest and file disagree: treat as absent
    } else if (f.ref.endsWith('.wasm') && existsSync(f.ref)) {
      const local = resolveFirmware(f.ref);
      if (local.info.sha256 === f.sha256) image = local;
    }
  }
  if (!image) {
    const mine = listFirmware().find((i) => i.version === f.ref || i.file === f.ref);
    const have = mine ? `this worker's ${f.ref} is ${short(mine.sha256)}` : `this worker has no build ${f.ref}`;
    throw new FirmwareMismatchError(`firmware mismatch: the job needs ${f.ref} ${short(f.sha256)}, ${have}; workers must run the submitter's build`);
  }
  cache.set(f.sha256, image);
  return image;
}

const short = (sha: string) => `${sha.slice(0, 12)}…`;
