// `hpa hil rig`: the project's closed-loop simulator as the rig of a served ECU. Each simulator cycle
// is split around the network: the frame is written, E2E-protected, passed through the seeded fault
// injector and sent; the ECU's answer is checked with E2E Profile 4 before its outputs are used (a
// missing or damaged answer holds the previous outputs, as an actuator holds its last command).
// In lockstep with no faults a run is bit-identical to the in-process run of the same firmware.
import { createSocket, type Socket } from 'node:dgram';
import { DEBUG_RELEASE } from '../../abi/signals.js';
import { Ecu } from '../ecu/ecu.js';
import type { Controller } from '../runner/controller.js';
import { startRun, type RunResult } from '../sim/run.js';
import type { Scenario } from '../sim/scenario.js';
import type { BindAddress } from './bind-address.js';
import { P04CheckState, p04Check, P04Status } from './e2e/p04.js';
import { HilError } from './errors.js';
import { faultRateProblem, FaultInjector, type FaultCounts, type FaultRates, type Outgoing } from './faults.js';
import { decodeControl, decodeOutputFrame, encodeControl, encodeInputFrame, intactDataId, type OutputMeta } from './frame-codec.js';
import { DATA_ID, OUTPUT_FRAME } from './frame-layout.js';
import type { LinkCounters } from './link-counters.js';

export interface RigIdentity { firmware: { version: string; sha256: string }; mode: string; abiHash: number; calibration: string }
export interface AnswerCounts { ok: number; repeated: number; okSomeLost: number; wrongSequence: number; error: number; missing: number }
export interface RigStats { injected: FaultCounts; answers: AnswerCounts; heldCycles: number }

type Waiter = { resolve: (d: Uint8Array | null) => void; timer: NodeJS.Timeout };

export class RigConnection {
  private readonly socket: Socket;
  private readonly injector: FaultInjector;
  private outCheck = new P04CheckState();
  private readonly outCfg = { dataId: DATA_ID.output, length: OUTPUT_FRAME.bytes, maxDeltaCounter: 0xffff };
  readonly answers: AnswerCounts = { ok: 0, repeated: 0, okSomeLost: 0, wrongSequence: 0, error: 0, missing: 0 };
  private readonly frameWaiters: Waiter[] = [];
  private readonly controlWaiters: Waiter[] = [];
  private readonly delayed: Outgoing[] = [];
  private controlCounter = 0;
  private readonly connected: Promise<void>;
  identity: RigIdentity | null = null;
  /** Meta of the last answer used (which input the ECU ran on, its E2E view). */
  lastMeta: OutputMeta | null = null;
  /** Cycles whose answer was missing (dropped or held frame, damaged answer): outputs held. */
  heldCycles = 0;

  constructor(readonly server: BindAddress, faults: FaultRates = {}, readonly replyTimeoutMs = 2000) {
    const problem = faultRateProblem(faults);
    if (problem) throw new HilError(problem);
    this.injector = new FaultInjector(faults);
    this.socket = createSocket(server.host.includes(':') ? 'udp6' : 'udp4');
    // ICMP port-unreachable on a connected socket lands here; the missing answer is reported by the timeout.
    this.socket.on('error', () => {});
    this.socket.on('message', (msg) => {
      const d = Uint8Array.from(msg);
      const isControl = d.length >= 8 && new DataView(d.buffer).getUint32(4) === DATA_ID.controlResponse;
      const w = (isControl ? this.controlWaiters : this.frameWaiters).shift();
      if (w) { clearTimeout(w.timer); w.resolve(d); }
    });
    this.connected = new Promise((resolve) => this.socket.connect(server.port, server.host, () => resolve()));
  }

  private waitReply(queue: Waiter[]): Promise<Uint8Array | null> {
    return new Promise((resolve) => {
      const w: Waiter = { resolve, timer: setTimeout(() => { queue.splice(queue.indexOf(w), 1); resolve(null); }, this.replyTimeoutMs) };
      queue.push(w);
    });
  }

  async control(body: unknown): Promise<Record<string, unknown>> {
    await this.connected;
    const wait = this.waitReply(this.controlWaiters);
    this.socket.send(encodeControl(DATA_ID.controlRequest, body, this.controlCounter++ & 0xffff));
    const r = await wait;
    if (r === null) throw new HilError(`no answer from the ECU at ${this.server.host}:${this.server.port} within ${this.replyTimeoutMs} ms; is \`hpa hil serve\` running there?`);
    if (intactDataId(r) !== DATA_ID.controlResponse) throw new HilError('the ECU answered with a damaged control frame');
    return decodeControl(r) as Record<string, unknown>;
  }

  /** Power-on reset of the served ECU and its link; returns what it runs. */
  async reset(): Promise<RigIdentity> {
    const body = await this.control({ op: 'reset' });
    if (!body.ok) throw new HilError(`the ECU refused the reset: ${String(body.error)}`);
    this.identity = body as unknown as RigIdentity;
    this.outCheck = new P04CheckState();
    return this.identity;
  }

  async serverCounters(): Promise<LinkCounters & { cycles: number }> {
    return (await this.control({ op: 'stats' })).counters as LinkCounters & { cycles: number };
  }

  stats(): RigStats { return { injected: { ...this.injector.counts }, answers: { ...this.answers }, heldCycles: this.heldCycles }; }

  close(): Promise<void> { return new Promise((resolve) => this.socket.close(() => resolve())); }

  private async send(o: Outgoing): Promise<Uint8Array | null> {
    const wait = this.waitReply(this.frameWaiters);
    this.socket.send(o.bytes);
    const r = await wait;
    if (r === null) { this.answers.missing++; return null; }
    const status = p04Check(this.outCheck, this.outCfg, r);
    if (status === P04Status.ERROR) { this.answers.error++; return null; }
    this.answers[status === P04Status.OK ? 'ok' : status === P04Status.REPEATED ? 'repeated' : status === P04Status.OKSOMELOST ? 'okSomeLost' : 'wrongSequence']++;
    return r;
  }

  /** One cycle: send this frame (as the fault injector decides) and take the ECU's last valid answer. */
  async cycle(frame: Float64Array, outputs: Float64Array, cycleIndex: number): Promise<void> {
    await this.connected;
    const bytes = encodeInputFrame(frame, cycleIndex & 0xffff);
    const out = this.injector.active ? this.injector.push(bytes, performance.now()) : [{ bytes }];
    let answer: Uint8Array | null = null;
    let sentNow = 0, answered = 0;
    for (const o of out) {
      if (o.notBeforeMs !== undefined) { this.delayed.push(o); continue; }
      sentNow++;
      const r = await this.send(o);
      if (r) { answer = r; answered++; }
    }
    // A delayed frame goes out once its time has come and a newer frame has gone before it.
    while (sentNow > 0 && this.delayed.length && this.delayed[0].notBeforeMs! <= performance.now()) {
      const r = await this.send(this.delayed.shift()!);
      if (r) answer = r;
    }
    if (sentNow > 0 && answered === 0 && this.answers.missing > 0 && answer === null) {
      throw new HilError(`no answer from the ECU at ${this.server.host}:${this.server.port} within ${this.replyTimeoutMs} ms (cycle ${cycleIndex}); is \`hpa hil serve --mode lockstep\` running there?`);
    }
    if (answer) this.lastMeta = decodeOutputFrame(answer, outputs);
    else this.heldCycles++;
  }
}

/**
 * The simulator's view of the remote ECU: a local instance of the same release (or the default one)
 * holding the served ECU's calibration, under the served firmware's identity — what a run report reads
 * (version, hash, calibration). Its cycles go over the wire, never through this instance.
 */
function remoteController(rig: RigConnection): Controller {
  const id = rig.identity!;
  let local: Ecu;
  try { local = Ecu.load(id.firmware.version); } catch { local = Ecu.load(DEBUG_RELEASE); }
  const cal = Buffer.from(id.calibration ?? '', 'base64');
  if (cal.length === local.calibration.byteLength) new Uint8Array(local.calibration.buffer, local.calibration.byteOffset, cal.length).set(cal);
  const mirror = Object.create(local, {
    version: { value: id.firmware.version },
    info: { value: { ...local.info, version: id.firmware.version, sha256: id.firmware.sha256 } },
  }) as Ecu;
  return {
    ecu: mirror,
    cycle: () => { throw new Error('remote ECU: cycles go through RigConnection.cycle'); },
  };
}

/** Runs one scenario closed-loop against the served ECU (reset first, so every run starts at power-on). */
export async function runScenarioOverUdp(rig: RigConnection, scenario: Scenario): Promise<RunResult> {
  const id = await rig.reset();
  if (id.mode !== 'lockstep') throw new HilError(`the ECU at ${rig.server.host}:${rig.server.port} runs in ${id.mode} mode; the rig drives lockstep servers`);
  const run = startRun(scenario, remoteController(rig));
  const sim = run.sim;
  while (!sim.done) {
    sim.beginCycle();
    await rig.cycle(sim.frame, sim.outputs, sim.cycle);
    sim.endCycle();
    run.observe();
  }
  return run.finish();
}
