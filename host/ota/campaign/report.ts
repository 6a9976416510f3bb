// The campaign report: per wave, per recall number over time (the regulator's completion
// figure), totals and wall time — as JSON and as readable tables.
import Table from 'cli-table3';
import type { VerifiedRelease } from '../release/verify.js';
import type { RecallNumber } from './population.js';
import type { CampaignOptions, FleetState } from './types.js';

export interface WaveReport {
  name: string; vehicles: number; covered: number; startH: number; gateAtH: number | null; abort: string | null;
  updated: number; failed: number; downloadFailures: number; downloadTimeouts: number; powerLosses: number;
  trials: number; trialRollbacks: number; retries: number;
}

export interface CompletionPoint { day: number; recalls: Record<string, { updated: number; percent: number }> }

export interface CampaignReport {
  release: { version: string; releaseCounter: number; class: string; filingIds: string[]; sha256: string; hardwareIds: string[] };
  fromVersion: string;
  seed: number;
  vehicles: number;
  /** Per recall number (filing): the regulator's completion figure, the cars in stock updated before delivery, the drivers told. */
  recalls: { id: string; models: string[]; vehicles: number; updated: number; failed: number; notCovered: number; percent: number; inStock: number; stockUpdated: number; driversTold: number; release: string | null }[];
  waves: WaveReport[];
  completion: CompletionPoint[];
  totals: FleetState['counters'] & { updated: number; failed: number; refused: number; current: number; notCompleted: number };
  trialFailures: Record<string, number>;
  /** The signed director assignment the campaign followed, or null (every covered vehicle). */
  director: { version: number; assigned: number; refused: Record<string, number> } | null;
  /** Each vehicle's own check (vehicle-verify.ts): where the states are kept (null: this run only), how many already ran the image, refusals by name, and the one a non-zero exit reports. */
  devices: { fleetDir: string | null; current: number; refused: Record<string, number>; refusal: { attack: string; exitCode: number; message: string } | null };
  aborted: boolean;
  abortReason: string | null;
  wallTimeS: number;
  /** The job engine that ran the trial drives. */
  engine: string;
  startedAt: string;
}

const DAYS = [1, 2, 3, 5, 7, 10, 14, 21, 30, 45, 60, 90];

export function buildReport(a: { director?: CampaignReport['director']; devices: CampaignReport['devices']; o: CampaignOptions; st: FleetState; releases: VerifiedRelease[]; waves: WaveReport[]; abortReason: string | null; wallTimeS: number; startedAt: Date; engine: string; recalls: readonly RecallNumber[] }): CampaignReport {
  const { st } = a, f = st.fleet, m = a.releases[0].meta;
  const per = a.recalls.map((r, ri) => {
    let vehicles = 0, updated = 0, failed = 0, notCovered = 0, inStock = 0, stockUpdated = 0, driversTold = 0;
    for (let v = 0; v < f.size; v++) {
      if (f.recall[v] !== ri) continue;
      vehicles++;
      if (st.status[v] === 1) updated++; else if (st.status[v] === 2) failed++; else if (st.status[v] === 3) notCovered++;
      if (f.inStock[v]) { inStock++; if (st.status[v] === 1) stockUpdated++; }
      driversTold += st.told[v];
    }
    const release = a.releases.find((x) => x.meta.filingId === r.id);
    return { id: r.id, models: r.models, vehicles, updated, failed, notCovered, percent: vehicles ? (100 * updated) / vehicles : 0, inStock, stockUpdated, driversTold, release: release ? `${release.meta.version} #${release.meta.releaseCounter}` : null };
  });
  const completion = DAYS.filter((d) => d * 24 <= a.o.plan.campaignWindowH).map((day) => {
    const recalls: CompletionPoint['recalls'] = {};
    a.recalls.forEach((r, ri) => {
      let n = 0;
      for (let v = 0; v < f.size; v++) if (f.recall[v] === ri && st.status[v] === 1 && st.doneAtH[v] <= day * 24) n++;
      recalls[r.id] = { updated: n, percent: (100 * n) / per[ri].vehicles };
    });
    return { day, recalls };
  });
  const updated = per.reduce((s, r) => s + r.updated, 0), failed = per.reduce((s, r) => s + r.failed, 0);
  const refused = Object.values(a.devices.refused).reduce((s, n) => s + n, 0);
  return {
    release: { version: m.version, releaseCounter: m.releaseCounter, class: m.category, filingIds: a.releases.map((r) => r.meta.filingId ?? '-'), sha256: m.sha256, hardwareIds: [...new Set(a.releases.flatMap((r) => r.meta.hardwareIds))] },
    fromVersion: a.o.fromVersion, seed: a.o.seed, vehicles: f.size, recalls: per, waves: a.waves, completion,
    totals: { ...st.counters, updated, failed, refused, current: a.devices.current, notCompleted: f.size - updated - failed - refused - a.devices.current },
    trialFailures: st.trialFailures, director: a.director ?? null, devices: a.devices,
    aborted: a.abortReason !== null, abortReason: a.abortReason, wallTimeS: a.wallTimeS, engine: a.engine, startedAt: a.startedAt.toISOString(),
  };
}

const pct = (x: number) => `${x.toFixed(2)} %`;
const day = (h: number | null) => (h === null ? '—' : `day ${(h / 24).toFixed(1)}`);

export function formatReport(r: CampaignReport): string {
  const out: string[] = [];
  out.push(`Recall campaign: ${r.fromVersion} → ${r.release.version} #${r.release.releaseCounter} (${r.release.class}; ${r.release.filingIds.join(', ')}), ${r.vehicles.toLocaleString('en')} vehicles, seed ${r.seed}`);
  const waves = new Table({ style: { head: [], border: [] }, head: ['wave', 'vehicles', 'updated', 'failed', 'dl fail', 'dl timeout', 'power loss', 'trials', 'rollbacks', 'retries', 'start', 'gate', 'decision'] });
  for (const w of r.waves) waves.push([w.name, w.vehicles, w.updated, w.failed, w.downloadFailures, w.downloadTimeouts, w.powerLosses, w.trials, w.trialRollbacks, w.retries, day(w.startH), day(w.gateAtH), w.abort ? `ABORT: ${w.abort}` : 'next wave']);
  out.push(waves.toString());
  const completion = new Table({ style: { head: [], border: [] }, head: ['day', ...r.recalls.map((x) => `${x.id} (${x.vehicles.toLocaleString('en')})`)] });
  for (const p of r.completion) completion.push([p.day, ...r.recalls.map((x) => `${p.recalls[x.id].updated.toLocaleString('en')}  ${pct(p.recalls[x.id].percent)}`)]);
  out.push('Completion per recall number', completion.toString());
  const filings = new Table({ style: { head: [], border: [] }, head: ['recall number', 'models', 'release', 'vehicles', 'updated', 'failed', 'in stock', 'stock updated before delivery', 'drivers told'] });
  for (const x of r.recalls) filings.push([x.id, x.models.join(', '), x.release ?? '—', x.vehicles, `${x.updated} (${pct(x.percent)})`, x.failed, x.inStock, x.stockUpdated, x.driversTold]);
  out.push('Per filing', filings.toString());
  const t = r.totals;
  out.push(`updated ${t.updated.toLocaleString('en')}, failed ${t.failed}, not completed ${t.notCompleted}; trials ${t.trials.toLocaleString('en')} (rolled back ${t.trialRollbacks}${t.trialRollbacks ? `: ${Object.entries(r.trialFailures).map(([k, n]) => `${n} ${k}`).join(', ')}` : ''}; ${t.injectedStalls} CPU stalls injected), download failures ${t.downloadFailures}, timeouts ${t.downloadTimeouts}, power losses ${t.powerLosses}, retries ${t.retries}`);
  if (r.director) out.push(`director v${r.director.version}: ${r.director.assigned.toLocaleString('en')} vehicles assigned this image${Object.keys(r.director.refused).length ? `; not updated: ${Object.entries(r.director.refused).map(([k, n]) => `${n} ${k}`).join(', ')}` : ''}`);
  const d = r.devices;
  if (d.current || d.refusal) out.push(`vehicle states ${d.fleetDir ? `kept in ${d.fleetDir}` : 'for this run only'}: ${d.current.toLocaleString('en')} already ran this image${d.refusal ? `; refused by the vehicle: ${Object.entries(d.refused).map(([k, n]) => `${n} ${k}`).join(', ')}` : ''}`);
  out.push(r.aborted ? `ABORTED: ${r.abortReason}` : 'campaign completed all waves');
  out.push(`wall time ${r.wallTimeS.toFixed(1)} s on ${r.engine}`);
  return out.join('\n');
}
