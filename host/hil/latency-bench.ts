// UDP round trip through the served ECU on loopback (`hpa bench --sections hil`): a lockstep server in
// a process of its own, a client that sends one frame, waits for the answer and times it. Exact
// percentiles of every round trip; a benchmark, not a test.
import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { join } from 'node:path';
import { IN, LAYOUT } from '../ecu/abi-views.js';
import { PROJECT_ROOT } from '../ecu/firmware.js';
import { percentiles } from '../realtime/realtime-types.js';
import { encodeInputFrame } from './frame-codec.js';
import { HilError } from './errors.js';

export interface UdpRoundTrip { cycles: number; p50Us: number; p99Us: number; p999Us: number; maxUs: number; meanUs: number }

export async function measureUdpRoundTrip(o: { firmware: string; cycles: number; port: number }): Promise<UdpRoundTrip> {
  const child = spawn(process.execPath, [join(PROJECT_ROOT, 'bin/hpa.js'), 'hil', 'serve', '--firmware', o.firmware, '--bind', `127.0.0.1:${o.port}`], { stdio: ['ignore', 'ignore', 'pipe'] });
  try {
    await new Promise<void>((resolve, reject) => {
      child.stderr!.on('data', (d) => { if (String(d).includes('serving')) resolve(); });
      child.once('exit', (code) => reject(new HilError(`hil serve exited with ${code}`)));
    });
    const socket = createSocket('udp4');
    await new Promise<void>((r) => socket.connect(o.port, '127.0.0.1', () => r()));
    const frame = new Float64Array(LAYOUT.inputs.slots);
    frame[IN.mainSwitch] = 1;
    const rtt = new Float64Array(o.cycles);
    let k = 0, t0 = 0;
    await new Promise<void>((resolve) => {
      const send = () => { frame[IN.frameCounter] = k & 0xffff; const b = encodeInputFrame(frame, k & 0xffff); t0 = performance.now(); socket.send(b); };
      socket.on('message', () => {
        rtt[k] = (performance.now() - t0) * 1000;
        if (++k === o.cycles) resolve(); else send();
      });
      send();
    });
    socket.close();
    const p = percentiles(rtt);
    const sorted = Float64Array.from(rtt).sort();
    return { cycles: o.cycles, p50Us: p.p50, p99Us: p.p99, p999Us: sorted[Math.floor(0.999 * (sorted.length - 1))], maxUs: p.max, meanUs: rtt.reduce((a, b) => a + b, 0) / rtt.length };
  } finally {
    child.kill('SIGINT');
  }
}
