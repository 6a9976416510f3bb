// Each vehicle of the campaign is a device with its own protected state, as a state directory is
// for `hpa ota install`: the version and image it runs, its anti-rollback counter (only rises)
// and its metadata floors (device/freshness.ts: the timestamp, snapshot and root versions it
// accepted). A vehicle checks a package against its own state (campaign/vehicle-verify.ts),
// raises its floors when it accepts one and its counter when the trial confirms.
//
// With `--fleet <dir>` the states are sealed in that directory's secure store (one record per
// fleet: seed and scale) under the device lock, and kept from one campaign run to the next;
// without it every vehicle starts factory-fresh at `--from` / `--from-counter` for this run.
// 116,887 vehicles share few distinct states, so the record keeps each distinct state once and
// one index per vehicle: the states are the vehicles' own, the table is only how they are stored.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../device/atomic.js';
import { raisedFreshness, type Freshness } from '../device/freshness.js';
import { DeviceLock } from '../device/lock.js';
import { ensureStateDir, FileSecureStore, isBoundedCounter, securePartitionFor, SecureStoreError, type SecureStorage } from '../device/secure-store.js';
import type { TrustedRoot } from '../release/root.js';
import type { VerifiedRelease } from '../release/verify.js';

export interface VehicleState { version: string; releaseCounter: number; sha256: string | null; freshness: Freshness }
export interface FleetId { seed: number; scale: number; size: number }
interface FleetRecord extends FleetId { states: VehicleState[]; of: number[] }

const MIRROR_PREFIX = 'fleet-';

export class FleetDevices {
  private readonly index = new Map<string, number>();
  private readonly transitions = new Map<string, number>();

  private constructor(private readonly states: VehicleState[], readonly of: Uint32Array, private readonly store: { dir: string; secure: SecureStorage; record: string; lock: DeviceLock } | null, private readonly id: FleetId) {
    states.forEach((s, i) => this.index.set(JSON.stringify(s), i));
  }

  /** Factory-fresh vehicles for this run only (no `--fleet`). */
  static fresh(id: FleetId, factory: { version: string; releaseCounter: number }): FleetDevices {
    return new FleetDevices([factoryState(factory)], new Uint32Array(id.size), null, id);
  }

  /** The fleet's sealed states in `dir` (under its lock); vehicles it never saw start at `factory`. */
  static open(dir: string, id: FleetId, factory: { version: string; releaseCounter: number }): FleetDevices {
    ensureStateDir(dir);
    const lock = DeviceLock.acquire(dir);
    try {
      const record = `fleet-${createHash('sha256').update(`${id.seed}:${id.scale}`).digest('hex').slice(0, 16)}`;
      const location = securePartitionFor(dir);
      const used = readdirSync(dir).some((n) => n.startsWith(MIRROR_PREFIX));
      if (!FileSecureStore.isProvisioned(location) && used) throw new SecureStoreError(`${dir} holds fleet states but its secure store ${location} is missing: never re-initialised`);
      const secure = FileSecureStore.isProvisioned(location) ? FileSecureStore.open(location) : FileSecureStore.provision(location);
      const sealed = secure.readRecord<FleetRecord>(record);
      if (sealed === null && existsSync(join(dir, `${record}.json`))) throw new SecureStoreError(`${secure.location} record ${record}: missing, though ${dir} shows this fleet was run before: never re-initialised`);
      const store = { dir, secure, record, lock };
      if (sealed === null) return new FleetDevices([factoryState(factory)], new Uint32Array(id.size), store, id);
      const checked = checkRecord(sealed, id, `${secure.location} record ${record}`);
      return new FleetDevices(checked.states, Uint32Array.from(checked.of), store, id);
    } catch (e) {
      lock.release();
      throw e;
    }
  }

  get persistent(): string | null { return this.store?.dir ?? null; }
  /** Index of vehicle v's state: vehicles with the same index hold equal states. */
  stateIndex(v: number): number { return this.of[v]; }
  state(v: number): VehicleState { return this.states[this.of[v]]; }

  /** The vehicle verified the package and wrote it to its inactive slot: its floors rise to the package's versions. */
  accept(v: number, release: VerifiedRelease, root: TrustedRoot): void {
    this.move(v, `a:${release.packageSha256}:${root.root.version}`, (s) => ({ ...s, freshness: raisedFreshness(s.freshness, root, release.versions) }));
  }

  /** The trial confirmed: it runs the release and its counter rises to the release's. */
  confirm(v: number, release: VerifiedRelease): void {
    const m = release.meta;
    this.move(v, `c:${m.sha256}:${m.releaseCounter}`, (s) => ({ ...s, version: m.version, sha256: m.sha256, releaseCounter: Math.max(s.releaseCounter, m.releaseCounter) }));
  }

  /** Seals the states (with `--fleet`) and writes the readable mirror; the sealed record is the authority. */
  save(): void {
    if (!this.store) return;
    const used = [...new Set(this.of)].sort((a, b) => a - b);
    const renumber = new Map(used.map((old, i) => [old, i]));
    const record: FleetRecord = { ...this.id, states: used.map((i) => this.states[i]), of: Array.from(this.of, (i) => renumber.get(i)!) };
    this.store.secure.writeRecord(this.store.record, record);
    const counts = record.states.map((s, i) => ({ vehicles: record.of.filter((x) => x === i).length, ...s }));
    writeFileAtomic(join(this.store.dir, `${this.store.record}.json`), JSON.stringify({ ...this.id, states: counts }, null, 2) + '\n');
  }

  close(): void { this.store?.lock.release(); }

  private move(v: number, event: string, next: (s: VehicleState) => VehicleState): void {
    const key = `${this.of[v]}|${event}`;
    let to = this.transitions.get(key);
    if (to === undefined) {
      const s = next(this.states[this.of[v]]);
      const k = JSON.stringify(s);
      to = this.index.get(k);
      if (to === undefined) { to = this.states.push(s) - 1; this.index.set(k, to); }
      this.transitions.set(key, to);
    }
    this.of[v] = to;
  }
}

function factoryState(f: { version: string; releaseCounter: number }): VehicleState {
  return { version: f.version, releaseCounter: f.releaseCounter, sha256: null, freshness: { rootVersion: 0, timestamp: null, snapshot: null } };
}

/** The sealed record's shape, field by field (a bad one is `secure-store`, never re-initialised). */
function checkRecord(r: FleetRecord, id: FleetId, where: string): FleetRecord {
  const bad = (field: string, why: string) => new SecureStoreError(`${where}: field "${field}" ${why}`);
  if (!r || typeof r !== 'object') throw bad('(record)', 'is not an object');
  if (r.seed !== id.seed || r.scale !== id.scale || r.size !== id.size) throw bad('size', `is ${String(r.size)} vehicles, this fleet has ${id.size}`);
  if (!Array.isArray(r.states) || r.states.length === 0) throw bad('states', 'is not a non-empty list');
  r.states.forEach((s, i) => {
    if (typeof s?.version !== 'string' || !isBoundedCounter(s.releaseCounter) || !(s.sha256 === null || typeof s.sha256 === 'string')) throw bad(`states[${i}]`, 'is not { version, releaseCounter: 0 … 2^31-1, sha256 }');
    const f = s.freshness;
    const floor = (x: unknown) => x === null || (isBoundedCounter((x as { version: unknown }).version) && Array.isArray((x as { keyids: unknown }).keyids));
    if (!f || !isBoundedCounter(f.rootVersion) || !floor(f.timestamp) || !floor(f.snapshot)) throw bad(`states[${i}].freshness`, 'is not { rootVersion, timestamp, snapshot }');
  });
  if (!Array.isArray(r.of) || r.of.length !== id.size || !r.of.every((x) => Number.isInteger(x) && x >= 0 && x < r.states.length)) throw bad('of', `is not one state index per vehicle (${id.size})`);
  return r;
}
