// Human-readable `hpa ota status`.
import { readAudit } from './audit.js';
import { MAX_TRIAL_ATTEMPTS } from './slots.js';
import type { StartReport } from './boot.js';

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
  const f = r.freshness;
  lines.push(`accepted root v${f.rootVersion}, timestamp v${f.timestamp?.version ?? '-'}, snapshot v${f.snapshot?.version ?? '-'} (older metadata is refused as a replay)`);
  for (const a of r.actions) lines.push(`recovery: ${a}`);
  if (auditPath) for (const l of readAudit(auditPath).slice(-5)) lines.push(`audit #${l.seq} ${l.at} ${l.action} ${l.result}${l.version ? ` ${l.version}` : ''}${l.attack ? ` (${l.attack})` : ''}`);
  const a = r.audit;
  lines.push(`audit log: ${a.records} signed records, ${a.intact ? 'chain intact up to the anchored head' : `BROKEN at record ${a.firstBad}: ${a.problem}`}`);
  return lines.join('\n');
}
