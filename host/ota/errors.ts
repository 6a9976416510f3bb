// Named refusals. Each Uptane-style attack has its own name and exit code, so a script (and
// the audit log) can tell a freeze attack from a rollback attack without parsing prose.
export const ATTACKS = {
  'malformed': 10,       // the file is not a release package, or it is truncated inside the envelope
  'unknown-key': 11,     // signed by no key the trusted root lists for that role
  'bad-signature': 12,   // metadata bytes do not match the signature
  'freeze': 13,          // metadata expired: an attacker may be replaying old metadata
  'truncated': 14,       // the image is shorter than the signed length
  'hash-mismatch': 15,   // the image is not the one that was signed
  'endless-data': 16,    // more bytes than the signed length follow the image
  'rollback': 17,        // version or release counter below the installed one
  'wrong-hardware': 18,  // the release does not list this vehicle's hardware id
  'abi-mismatch': 19,    // the image speaks another ABI than this host
  'untested': 20,        // no (or mismatching) regression report
  // Trust chain (root, targets, snapshot, timestamp, evidence and director roles; docs/ota.md).
  'threshold': 21,       // fewer valid signatures by the role's keys than the root's threshold
  'bad-counter': 22,     // a version or counter that is not an integer in 0 … 2^31-1
  'bad-expiry': 23,      // an expiry already past at signing time, or beyond the role's bound
  'wrong-category': 24,  // the OTA category lacks the references it requires (approval, filing, permit)
  'wrong-filing': 25,    // a recall filing that is unknown or does not cover a listed model
  'not-regular-file': 26, // the package is a directory, FIFO, device or symlink: refused before reading
  'bad-root': 27,        // a root (or root update) that is not signed by the thresholds it needs
  'wrong-assignment': 28, // the director did not assign this image to this vehicle
} as const;
export type AttackName = keyof typeof ATTACKS;

/** A package that must not be installed. Nothing has been changed when this is thrown. */
export class OtaRefusal extends Error {
  readonly exitCode: number;
  constructor(readonly attack: AttackName, detail: string) {
    super(`refused (${attack}): ${detail}`);
    this.exitCode = ATTACKS[attack];
  }
}

/** Operational errors that are not attacks (no trust config, nothing to roll back to, …). */
export class OtaError extends Error {
  constructor(readonly code: string, message: string, readonly exitCode = 2) { super(message); }
}
