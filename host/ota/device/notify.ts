// UN R156 / ISO 24089: the user is told before an update what it changes and after whether it
// worked. Each notification is a signed audit record (action `notify`), so the campaign — and
// the regulator's completion report — can count that the driver was told.
import type { OtaState } from './slots.js';
import type { DeviceHandle } from './boot.js';

export type NotificationPhase = 'pending' | 'done' | 'failed';

export interface ReleaseNotice { version: string; class?: string; filingId?: string | null; from: string }

export function notificationText(phase: NotificationPhase, r: ReleaseNotice): string {
  const what = `${r.version}${r.class ? ` (${r.class}${r.filingId ? `, filing ${r.filingId}` : ''})` : r.filingId ? ` (filing ${r.filingId})` : ''}`;
  if (phase === 'pending') return `driver told: update ${what} replaces ${r.from}; it activates at the next start, parked with the pilot off`;
  if (phase === 'done') return `driver told: ${r.version} is now running (was ${r.from})`;
  return `driver told: update to ${r.version} did not complete; ${r.from} keeps running`;
}

export function notifyDriver(u: DeviceHandle, state: OtaState, phase: NotificationPhase, r: ReleaseNotice): void {
  u.audit(state, { action: 'notify', result: phase === 'failed' ? 'failed' : 'ok', version: r.version, filingId: r.filingId ?? undefined, detail: notificationText(phase, r) });
}
