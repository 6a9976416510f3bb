// The human-readable form of a bench report: one table per section and the targets of issue 4.
import Table from 'cli-table3';
import type { BenchReport } from './report-types.js';

const f = (x: number | null | undefined, digits = 0) => (x === null || x === undefined || !Number.isFinite(x) ? '—' : x.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits }));

export interface TargetCheck { target: string; measured: string; met: boolean | null }

export function checkTargets(r: BenchReport): TargetCheck[] {
  const out: TargetCheck[] = [];
  const add = (target: string, measured: string, met: boolean | null) => out.push({ target, measured, met });
  if (r.stepNs) add('Wasm / native (same module) ≤ 1.25', f(r.ratioWasmToNative, 2), r.ratioWasmToNative === null ? null : r.ratioWasmToNative <= 1.25);
  if (r.cycleLatencyNs) add('host cycle p99.9 ≤ 1 µs', `${f(r.cycleLatencyNs.p999)} ns`, r.cycleLatencyNs.p999 <= 1000);
  if (r.closedLoop) add('closed loop ≥ 5 M cycles/s per core', f(r.closedLoop.allThreads.perCoreCyclesPerSec), r.closedLoop.allThreads.perCoreCyclesPerSec >= 5e6);
  if (r.closedLoop) add(`1,000,000 virtual km ≤ 10 min on ${r.closedLoop.threads} cores`, `${f(r.closedLoop.minutesFor1MillionKm, 1)} min`, r.closedLoop.minutesFor1MillionKm <= 10);
  if (r.swap) add('swap: 0 missed deadlines (10 ms)', String(r.swap.missedDeadlines), r.swap.missedDeadlines === 0);
  if (r.swap) add('swap cycle ≤ 2 × steady p99 (new module each swap)', `${f(r.swap.swapCycleNs)} ns vs ${f(r.swap.tightDeadlineNs)} ns`, r.swap.swapCycleNs <= r.swap.tightDeadlineNs);
  if (r.swap) {
    const w = r.swap.warmedModules;
    add('swap cycle ≤ 2 × steady p99 (warmed modules)', `${f(w.swapCycleNs)} ns vs ${f(2 * w.steadyP99Ns)} ns`, w.swapCycleNs <= 2 * w.steadyP99Ns);
  }
  if (r.realtime?.native) {
    add(`real time ${r.realtime.hz} Hz: jitter p99 ≤ 1.5 × native`, `${f(r.realtime.ratioP99ToNative, 2)} ×`, r.realtime.ratioP99ToNative !== null && r.realtime.ratioP99ToNative <= 1.5);
    add('real time: overruns ≤ native', `${r.realtime.overruns} vs ${r.realtime.native.overruns}`, r.realtime.overruns <= r.realtime.native.overruns);
  }
  return out;
}

function table(title: string, head: string[], rows: (string | number)[][]): string {
  const t = new Table({ head, style: { head: [], border: [] } });
  for (const row of rows) t.push(row.map(String));
  return `${title}\n${t.toString()}`;
}

export function formatReport(r: BenchReport): string {
  const parts: string[] = [
    `HPA-ECU bench — firmware ${r.firmware.version} (${r.firmware.bytes} B), Node ${r.node} (V8 ${r.v8}), ${r.machine.cpu}, ${r.machine.cores} cores${r.quick ? ', --quick' : ''}`,
    `input frames: ${r.frames.source}`,
  ];
  if (r.stepNs) {
    const rows: (string | number)[][] = [['V8 optimised (TurboFan)', f(r.stepNs.wasm, 1), f(r.ratioWasmToNative, 2)], ['V8 baseline (Liftoff only)', f(r.stepNs.wasmBaseline, 1), f(r.ratioBaselineToNative, 2)]];
    rows.push(['native (wasm2c + gcc -O2)', r.stepNs.native === null ? 'skipped' : f(r.stepNs.native, 1), r.stepNs.native === null ? '—' : '1.00']);
    const h = r.stepNs.hostShare;
    rows.push(['of which frame copy only (V8 / native)', `${f(h.wasmCopyOnlyNs, 1)} / ${f(h.nativeCopyOnlyNs, 1)}`, ''],
      ['step alone (cycle − copy), V8 vs native', '', f(r.ratioStepOnlyToNative, 2)], ['empty JS → Wasm call', f(h.jsToWasmCallNs, 1), '']);
    if (r.stepCpuNs) rows.push(['host cycle in CPU time (V8 / native)', `${f(r.stepCpuNs.wasm, 1)} / ${r.stepCpuNs.native === null ? '—' : f(r.stepCpuNs.native, 1)}`, f(r.ratioWasmToNativeCpu, 2)]);
    const bit = r.nativeBitIdentical;
    parts.push(table(`Host cycle (write frame, step, read outputs), median of ${r.stepNs.reps} × ${f(r.stepNs.stepsPerRep)} steps, tiers alternating (× native: median of per-round ratios)${bit ? `; native outputs bit-identical over ${f(bit.cycles)} cycles: ${bit.identical ? 'yes' : `NO (cycle ${bit.firstMismatchCycle})`}` : ''}`,
      ['tier', 'ns / step', '× native'], rows));
  }
  if (r.stepInstructions) {
    const i = r.stepInstructions;
    parts.push(table(`Instructions per firmware step (native twin under callgrind, inside step() only, over ${f(i.steps)} frames; ${i.tool}): unmoved by the machine's load`,
      ['', 'instructions / step'], [['step()', f(i.perStep, 1)]]));
  }
  if (r.cycleLatencyNs) {
    const l = r.cycleLatencyNs, t = r.timerOverheadDetailNs;
    parts.push(table(`Per-cycle latency over ${f(l.count)} cycles (performance.now around each cycle)`, ['', 'p50', 'p99', 'p99.9', 'max'],
      [['host cycle ns', f(l.p50), f(l.p99), f(l.p999), f(l.max)], ['timer overhead ns', f(t?.p50), f(t?.p99), f(t?.p999), f(t?.max)]]));
  }
  if (r.hilRoundTripUs) {
    const h = r.hilRoundTripUs;
    parts.push(table(`HIL: UDP round trip through the served ECU on loopback (lockstep, ${f(h.cycles)} cycles; frame encode + E2E + send → check + step + answer → receive)`, ['', 'p50', 'p99', 'p99.9', 'max'],
      [['round trip µs', f(h.p50Us, 1), f(h.p99Us, 1), f(h.p999Us, 1), f(h.maxUs, 1)]]));
  }
  if (r.closedLoop) {
    const c = r.closedLoop;
    parts.push(table(`Closed loop (${c.scenario}: scene + sensor model + firmware + driver + plant)`, ['', 'cycles/s', 'virtual km/s'],
      [['1 thread', f(c.cyclesPerSec), f(c.kmPerSec, 1)], [`${c.threads} worker threads (total)`, f(c.allThreads.cyclesPerSec), f(c.allThreads.kmPerSec, 1)],
        ['per core', f(c.allThreads.perCoreCyclesPerSec), f(c.allThreads.kmPerSec / c.threads, 1)]]));
  }
  if (r.swap) {
    const s = r.swap;
    parts.push(table(`OTA swap (${s.swaps} live swaps 1.0.0 ⇄ 1.1.0, ${s.freshModulePerSwap ? `new module each, warmed ${s.warmInWorker ? 'in a worker thread' : 'on the control thread'}` : 'warmed modules'})`, ['measure', 'value'], [
      ['verify (host/ota verifyPackage)', `${f(s.verifyMs, 3)} ms`], ['compile (fresh bytes)', `${f(s.compileMs, 3)} ms`],
      ['instantiate', `${f(s.instantiateMs, 3)} ms`], [`warm-up (${f(s.warmupSteps)} steps)`, `${f(s.warmupMs, 2)} ms`],
      ['first cycle of a fresh instance: cold / warmed here / warmed in a worker', `${f(s.firstCycleUs.cold, 1)} / ${f(s.firstCycleUs.warmedInThread, 1)} / ${f(s.firstCycleUs.warmedInWorker, 1)} µs`],
      ['state copy at boundary / whole block', `${f(s.stateCopyNs)} / ${f(s.fullStateCopyNs)} ns`], ['first cycle on new instance', `${f(s.firstCycleNs)} ns`],
      ['swap cycle p50 / p99 / max', `${f(s.swapCycleDetailNs.p50)} / ${f(s.swapCycleDetailNs.p99)} / ${f(s.swapCycleDetailNs.max)} ns`],
      ['steady cycle p50 / p99', `${f(s.steadyNs.p50)} / ${f(s.steadyP99Ns)} ns`],
      [`missed ${s.deadlineMs} ms deadlines`, s.missedDeadlines], [`swap cycles over 2 × steady p99 (${f(s.tightDeadlineNs)} ns)`, s.swapCyclesOverTightDeadline],
      ['— swaps to fresh instances of warmed, resident modules —', ''],
      ['swap cycle p50 / p99 (copy + first cycle)', `${f(s.warmedModules.swapCycleNs)} / ${f(s.warmedModules.swapCycleP99Ns)} ns (${f(s.warmedModules.stateCopyNs)} + ${f(s.warmedModules.firstCycleNs)})`],
      ['steady p99; swap cycles over 2 × steady p99; missed 10 ms', `${f(s.warmedModules.steadyP99Ns)} ns; ${s.warmedModules.swapCyclesOverTightDeadline} of ${s.warmedModules.swaps}; ${s.warmedModules.missedDeadlines}`],
    ]));
  }
  if (r.realtime) {
    const rt = r.realtime, nat = rt.native;
    parts.push(table(`Real time ${rt.hz} Hz, ${rt.seconds} s per runner in ${rt.rounds} alternating round(s), strategy ${rt.strategy} (start jitter against absolute deadlines; p50/p99 = median of rounds)`,
      ['runner', 'cycles', 'overruns', 'jitter p50 µs', 'p99 µs', 'max µs'], [
        ['Node worker thread', rt.cycles, rt.overruns, f(rt.jitterUs.p50, 2), f(rt.jitterUs.p99, 2), f(rt.jitterUs.max, 1)],
        nat ? ['native C (same strategy)', nat.cycles, nat.overruns, f(nat.jitterUs.p50, 2), f(nat.jitterUs.p99, 2), f(nat.jitterUs.max, 1)] : ['native C', 'skipped', '', '', '', ''],
      ]));
  }
  if (r.micro) parts.push(table('benchmark.js', ['operation', 'ops/s', '± %', 'ns/op', 'samples'], r.micro.map((m) => [m.name, f(m.opsPerSec), f(m.rmePct, 2), f(m.nsPerOp, 1), m.samples])));
  const targets = checkTargets(r);
  if (targets.length) parts.push(table('Targets (issue 4)', ['target', 'measured', 'met'], targets.map((t) => [t.target, t.measured, t.met === null ? '—' : t.met ? 'yes' : 'NO'])));
  for (const s of r.skipped) parts.push(`skipped ${s.what}: ${s.reason}. Install with: ${s.install}`);
  parts.push(`finished in ${f(r.durationS, 1)} s`);
  return parts.join('\n\n');
}
