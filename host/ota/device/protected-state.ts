// The device state kept where the state directory cannot change it. The authoritative copy is a
// sealed record in the secure store; `state.json` in the state directory is its readable mirror,
// sealed too (HMAC under the store's key) and numbered by a generation. Every write goes to the
// protected copy first, then to the mirror, so a kill between the two leaves a mirror exactly one
// generation behind — a repair, not an attack. Anything else (no mirror, not JSON, a broken seal,
// a replayed older generation) is tampering: detected, restored from the protected copy, reported.
import { existsSync, readFileSync } from 'node:fs';
import { writeFileAtomic } from './atomic.js';
import { canonicalJson } from '../release/package.js';
import type { SecureStorage } from './secure-store.js';

export const STATE_RECORD = 'state';

interface Sealed<T> { generation: number; value: T }

export interface StateRead<T> {
  value: T;
  generation: number;
  /** Why the mirror was rewritten from the protected copy (tampering), or null. */
  tampered: string | null;
  /** A mirror one generation behind (an interrupted write), completed silently. */
  repaired: boolean;
}

export class ProtectedState<T extends object> {
  constructor(private readonly secure: SecureStorage, readonly mirrorPath: string) {}

  private sealOf(generation: number, value: T): string { return this.secure.mac(canonicalJson({ generation, value })); }

  hasProtectedCopy(): boolean { return this.secure.readRecord<Sealed<T>>(STATE_RECORD) !== null; }

  /** The authoritative state, the mirror left as it is (for readers that hold no lock). */
  peek(): T | null { return this.secure.readRecord<Sealed<T>>(STATE_RECORD)?.value ?? null; }

  /** The authoritative state, with the mirror checked (and rewritten when it is not the protected copy). */
  read(): StateRead<T> | null {
    const prot = this.secure.readRecord<Sealed<T>>(STATE_RECORD);
    if (!prot) return null;
    const problem = this.mirrorProblem(prot);
    if (problem === null) return { value: prot.value, generation: prot.generation, tampered: null, repaired: false };
    this.writeMirror(prot);
    const repaired = problem === 'behind';
    return { value: prot.value, generation: prot.generation, tampered: repaired ? null : problem, repaired };
  }

  /** Commits a new state: protected copy first (the commit point), then the mirror. */
  write(value: T): number {
    const prev = this.secure.readRecord<Sealed<T>>(STATE_RECORD);
    const sealed: Sealed<T> = { generation: (prev?.generation ?? 0) + 1, value: JSON.parse(JSON.stringify(value)) as T };
    this.secure.writeRecord(STATE_RECORD, sealed);
    this.writeMirror(sealed);
    return sealed.generation;
  }

  private writeMirror(s: Sealed<T>): void {
    writeFileAtomic(this.mirrorPath, JSON.stringify({ ...s.value, generation: s.generation, seal: this.sealOf(s.generation, s.value) }, null, 2) + '\n');
  }

  /** null when the mirror is the protected copy; 'behind' for an interrupted write; else what is wrong. */
  private mirrorProblem(prot: Sealed<T>): string | null {
    const path = this.mirrorPath;
    if (!existsSync(path)) return `${path} is missing`;
    let mirror: Record<string, unknown>;
    try { mirror = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>; } catch { return `${path} is not JSON`; }
    if (!mirror || typeof mirror !== 'object') return `${path} is not a state object`;
    const { generation, seal, ...value } = mirror;
    if (typeof generation !== 'number' || typeof seal !== 'string') return `${path} carries no seal`;
    if (seal !== this.sealOf(generation, value as T)) return `${path} does not match its seal (edited outside the updater)`;
    if (generation === prot.generation) {
      return canonicalJson(value) === canonicalJson(prot.value) ? null : `${path} differs from the protected copy`;
    }
    if (generation === prot.generation - 1) return 'behind';
    return `${path} is generation ${generation}, the protected copy ${prot.generation} (an old copy replayed)`;
  }
}
