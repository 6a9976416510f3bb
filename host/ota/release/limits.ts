// Bounds every signed number and date must respect. A counter of 1.8e308 once locked a device
// out of every later release (issue 8, item 3); an expiry of 9999-12-31 made a freeze attack
// last forever (item 10). TUF leaves the lifetimes to the implementer; ours are in docs/ota.md.
import { OtaError, OtaRefusal } from '../errors.js';

/** Largest version / counter accepted anywhere (2^31 - 1: fits every store, never overflows). */
export const MAX_COUNTER = 2 ** 31 - 1;

const DAY_MS = 86_400_000;
/** Longest lifetime a role's metadata may be signed for, counted from the signing time. */
export const MAX_LIFETIME_DAYS = { root: 365, targets: 90, snapshot: 7, timestamp: 1, director: 30 } as const;
export type ExpiringRole = keyof typeof MAX_LIFETIME_DAYS;

/** Slack for clocks between the signer and the vehicle when bounding an expiry from the vehicle's side. */
export const CLOCK_SKEW_MS = 5 * 60_000;

/** Envelope cap: the metadata section of a package may not announce more than this. */
export const MAX_METADATA_BYTES = 4 * 1024 * 1024;
/** Largest firmware image a release may sign (today's images are ~30 KB). */
export const MAX_IMAGE_BYTES = 16 * 1024 * 1024;

export function checkCounter(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0 || value > MAX_COUNTER) {
    throw new OtaRefusal('bad-counter', `${what} ${String(value)} is not an integer in 0 … ${MAX_COUNTER}`);
  }
  return value;
}

export function parseExpiry(value: unknown, what: string): number {
  const t = typeof value === 'string' ? Date.parse(value) : NaN;
  if (!Number.isFinite(t)) throw new OtaRefusal('malformed', `${what} expires "${String(value)}" is not a date`);
  return t;
}

/** At signing time: the expiry is in the future and within the role's bound. */
export function checkExpiryAtSigning(role: ExpiringRole, expires: Date, now: Date): void {
  const t = expires.getTime();
  if (!Number.isFinite(t)) throw new OtaRefusal('bad-expiry', `${role} expiry is not a date`);
  if (t <= now.getTime()) throw new OtaRefusal('bad-expiry', `${role} expiry ${expires.toISOString()} is not after the signing time ${now.toISOString()}`);
  const max = MAX_LIFETIME_DAYS[role] * DAY_MS;
  if (t - now.getTime() > max) throw new OtaRefusal('bad-expiry', `${role} expiry ${expires.toISOString()} is more than ${MAX_LIFETIME_DAYS[role]} d after the signing time`);
}

/** On the vehicle: expired ⇒ freeze; further ahead than the role's lifetime ⇒ bad-expiry. */
export function checkExpiryOnVehicle(role: ExpiringRole, expires: unknown, now: Date): void {
  const t = parseExpiry(expires, role);
  if (t <= now.getTime()) throw new OtaRefusal('freeze', `${role} metadata expired at ${new Date(t).toISOString()} (now ${now.toISOString()}): a mirror may be replaying old metadata`);
  if (t - now.getTime() > MAX_LIFETIME_DAYS[role] * DAY_MS + CLOCK_SKEW_MS) {
    throw new OtaRefusal('bad-expiry', `${role} metadata expires ${new Date(t).toISOString()}, more than the ${MAX_LIFETIME_DAYS[role]} d a ${role} may live`);
  }
}

export const daysFrom = (now: Date, days: number): Date => new Date(now.getTime() + days * DAY_MS);

/** A `--now` option: that instant, or undefined (the real clock). An unparsable one is refused: it would pass every expiry check. */
export function parseNow(value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const d = new Date(value);
  if (!Number.isFinite(d.getTime())) throw new OtaError('usage', `--now: "${value}" is not a date`, 1);
  return d;
}
