// State-block migrations across state layout versions. A hot swap copies the running
// version's state into the new one; when the layout changed, a registered migration
// rewrites it. No migration registered ⇒ the swap is refused, never a blind copy.
import { OtaError } from '../errors.js';

export type Migration = (from: Uint8Array, into: Uint8Array) => void;

const MIGRATIONS = new Map<string, Migration>();

export function registerMigration(fromLayout: number, toLayout: number, migrate: Migration): void {
  MIGRATIONS.set(`${fromLayout}>${toLayout}`, migrate);
}

/** Copies (or migrates) a state snapshot into the target block. */
export function migrateState(from: Uint8Array, fromLayout: number, into: Uint8Array, toLayout: number): void {
  if (fromLayout === toLayout) {
    if (from.length !== into.length) throw new OtaError('no-migration', `state blocks of ${from.length} B and ${into.length} B share layout ${fromLayout}`);
    into.set(from);
    return;
  }
  const migrate = MIGRATIONS.get(`${fromLayout}>${toLayout}`);
  if (!migrate) throw new OtaError('no-migration', `no state migration from layout ${fromLayout} to ${toLayout}`);
  migrate(from, into);
}

export const hasMigration = (fromLayout: number, toLayout: number) => fromLayout === toLayout || MIGRATIONS.has(`${fromLayout}>${toLayout}`);
