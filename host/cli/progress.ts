// Progress of a long command, on stderr: a bar on a terminal; anywhere else (a CI log, nohup, a
// pipe) one line every HPA_PROGRESS_EVERY_S seconds (default 30) and a last one at the end, so an
// hour of validation is not an hour of silence. A run shorter than the interval prints nothing.
import cliProgress from 'cli-progress';

export interface Progress {
  /** `payload`: the bar's extra fields ({stalled}, {rate}, …); `workers` is also named in lines. */
  update(done: number, total: number, payload?: Record<string, string | number | undefined>): void;
  stop(): void;
}

export interface ProgressOptions {
  /** What is counted, for the lines ("jobs", "runs", "scenarios"). */
  unit: string;
  /** The bar's cli-progress format (`{bar}`, `{value}`, `{total}` and payload fields). */
  barFormat: string;
  enabled: boolean;
  stream?: NodeJS.WriteStream;
  /** Seconds between lines when stderr is not a terminal. */
  everyS?: number;
}

const clock = (s: number): string => s < 60 ? `${Math.round(s)} s` : s < 3600 ? `${Math.floor(s / 60)} min ${Math.round(s % 60)} s` : `${Math.floor(s / 3600)} h ${Math.round((s % 3600) / 60)} min`;

export function startProgress(label: string, o: ProgressOptions): Progress {
  const stream = o.stream ?? process.stderr;
  if (!o.enabled) return { update: () => {}, stop: () => {} };
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar({ format: o.barFormat, stream, etaBuffer: 200 }, cliProgress.Presets.shades_classic);
    let started = false;
    return {
      update(done, total, payload = {}) {
        if (!started || bar.getTotal() !== total) { bar.start(total, done, payload); started = true; }
        bar.update(done, payload);
      },
      stop() { if (started) bar.stop(); started = false; },
    };
  }
  const everyMs = 1000 * (o.everyS ?? (Number(process.env.HPA_PROGRESS_EVERY_S) || 30));
  const t0 = Date.now();
  let first: number | undefined;
  let last: { done: number; total: number; workers?: string | number } | undefined;
  let printed = false;
  const line = (final: boolean) => {
    if (!last) return;
    const elapsedS = (Date.now() - t0) / 1000;
    const { done, total, workers } = last;
    const pct = total > 0 ? ` (${(100 * done / total).toFixed(1)} %)` : '';
    const rate = (done - (first ?? 0)) / Math.max(elapsedS, 1e-3);
    const left = final || done >= total ? '' : rate > 0 ? ` · about ${clock((total - done) / rate)} left` : ` · none of this run's ${o.unit} finished yet`;
    const who = workers === undefined ? '' : ` · ${workers} worker(s)`;
    stream.write(`hpa ${label}: ${done.toLocaleString('en')}/${total.toLocaleString('en')} ${o.unit}${pct} · ${clock(elapsedS)}${left}${who}\n`);
    printed = true;
  };
  // On a timer, not on updates: a job that takes minutes still gets its lines.
  const timer = setInterval(() => line(false), everyMs);
  timer.unref();
  return {
    update(done, total, payload = {}) {
      first ??= done; // results resumed from before are not this run's rate
      last = { done, total, workers: payload.workers };
    },
    stop() { clearInterval(timer); if (printed) line(true); printed = false; },
  };
}
