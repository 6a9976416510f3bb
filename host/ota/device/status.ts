// Human-readable `hpa ota status`.
import { existsSync, readFileSync } from 'node:fs';
import { checkAudit, readAudit } from './audit.js';
import { MAX_TRIAL_ATTEMPTS, type SlotStore } from './slots.js';
import type { StartReport } from './updater.js';

export function formatStatus(r: StartReport, auditPath?: string): string {
  const s = r.state;
  const lines = [
    `hardware ${s.hardwareId}`,
    `running  ${r.runningVersion} (slot ${r.running}${s.trial ? `, on trial ${s.attempts}/${MAX_TRIAL_ATTEMPTS}` : ''})`,
    `confirmed ${s.confirmedVersion}, anti-rollback counter ${s.antiRollbackCounter}`,
  ];
  for (const slot of ['a', 'b'] as const) {
    const info = s.slots[slot];
    const tag = slot === s.active ? 'active' : slot === s.trial ? 'trial' : 'inactive';
    lines.push(`slot ${slot}  ${info ? `${info.version} #${info.releaseCounter} ${info.sha256.slice(0, 12)}…${info.filingId ? ` ${info.filingId}` : ''}` : 'empty'} [${tag}]`);
  }
  for (const a of r.actions) lines.push(`recovery: ${a}`);
  if (auditPath) for (const l of readAudit(auditPath).slice(-5)) lines.push(`audit #${l.seq} ${l.at} ${l.action} ${l.result}${l.version ? ` ${l.version}` : ''}${l.attack ? ` (${l.attack})` : ''}`);
  return lines.join('\n');
}

/** Record count and whether the hash chain and every device signature check out. */
export function auditSummary(store: SlotStore): { records: number; intact: boolean; firstBad: number } {
  if (!existsSync(store.auditPath)) return { records: 0, intact: true, firstBad: -1 };
  const firstBad = checkAudit(store.auditPath, readFileSync(store.deviceKeyPath, 'utf8'));
  return { records: readAudit(store.auditPath).length, intact: firstBad === -1, firstBad };
}
