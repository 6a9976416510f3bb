// Per-thread scheduling priority on Linux: setpriority(PRIO_PROCESS, tid) applies to one thread,
// and /proc/thread-self names the calling thread's id. The control loop asks for a higher
// priority, background preparation for a lower one, so on a small machine the scheduler gives
// the loop's core to the loop. Best effort: without the privilege (or off Linux) nothing changes.
import { readlinkSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';

/** Sets the calling thread's nice value (−20 … 19); returns the value in effect afterwards, or null if unknown. */
export function setThreadNice(nice: number): number | null {
  let tid: number;
  try { tid = Number(readlinkSync('/proc/thread-self').split('/').pop()); } catch { return null; }
  if (!Number.isInteger(tid)) return null;
  try { setPriority(tid, nice); } catch { /* not permitted: keep the default */ }
  try { return getPriority(tid); } catch { return null; }
}
