// `hpa bench --quick --json`: one JSON object on stdout with every key issue 4 asks for.
// Behaviour only: the figures must be present and sane, never compared against targets.
// Through the built CLI, as a user runs it: its bench children and workers then load the compiled
// bench (started from the TypeScript sources, each of the ~15 would load tsx first).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../host/ecu/firmware.js';

// A whole quick run is ~45 s of CPU: on a loaded 2-core runner it has taken over 4 min of wall clock.
const RUN_MS = 400_000;
const bench = (...args: string[]) => spawnSync(process.execPath, [join(PROJECT_ROOT, 'bin/hpa.js'), 'bench', ...args], { cwd: PROJECT_ROOT, encoding: 'utf8', timeout: RUN_MS });

const isNum = (x: unknown) => typeof x === 'number' && Number.isFinite(x);

describe('hpa bench --quick --json', () => {
  it('prints one JSON object with all required keys, every section measured in this run', () => {
    // Shortened run lengths keep the test quick; the sections and the report are the full ones.
    const r = bench('--quick', '--json', '--realtime-seconds', '0.5', '--loop-seconds', '0.4', '--micro-time', '0.05');
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const j = JSON.parse(lines[0]);
    for (const k of ['wasm', 'wasmBaseline', 'native']) expect(isNum(j.stepNs[k]), `stepNs.${k}`).toBe(true);
    expect(isNum(j.ratioWasmToNative)).toBe(true);
    for (const k of ['p50', 'p99', 'p999', 'max']) expect(isNum(j.cycleLatencyNs[k]), `cycleLatencyNs.${k}`).toBe(true);
    expect(j.cycleLatencyNs.count).toBeGreaterThanOrEqual(1_000_000);
    expect(j.cycleLatencyNs.p50).toBeLessThanOrEqual(j.cycleLatencyNs.p999);
    expect(isNum(j.timerOverheadNs)).toBe(true);
    for (const k of ['cyclesPerSec', 'kmPerSec', 'threads']) expect(isNum(j.closedLoop[k]), `closedLoop.${k}`).toBe(true);
    for (const k of ['verifyMs', 'compileMs', 'warmupMs', 'swapCycleNs', 'steadyP99Ns', 'swaps', 'missedDeadlines']) expect(isNum(j.swap[k]), `swap.${k}`).toBe(true);
    expect(j.swap.swaps).toBeGreaterThanOrEqual(1000);
    for (const k of ['hz', 'seconds', 'overruns']) expect(isNum(j.realtime[k]), `realtime.${k}`).toBe(true);
    for (const k of ['p50', 'p99', 'max']) {
      expect(isNum(j.realtime.jitterUs[k]), `realtime.jitterUs.${k}`).toBe(true);
      expect(isNum(j.realtime.native.jitterUs[k]), `realtime.native.jitterUs.${k}`).toBe(true);
    }
    expect(isNum(j.realtime.native.overruns)).toBe(true);
    expect(j.realtime.cycles).toBe(500);
    expect(j.nativeBitIdentical.identical).toBe(true);
    // Counted under valgrind where it is installed (.ci/run installs it); else a skipped row says how.
    if (spawnSync('valgrind', ['--version']).status === 0) expect(j.stepInstructions.perStep).toBeGreaterThan(100);
    else expect(j.skipped.map((s: { what: string }) => s.what)).toContain('instructions per step');
    expect(j.micro.map((m: { name: string }) => m.name)).toHaveLength(4);
    expect(typeof j.machine.cpu).toBe('string');
    expect(j.node).toBe(process.version);
    expect(j.firmware.version).toBe('1.1.0');
  }, RUN_MS + 10_000);

  it('runs only the sections asked for and prints a table without --json', () => {
    const r = bench('--quick', '--sections', 'latency', '--micro-time', '0.05');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Per-cycle latency over 1,000,000 cycles/);
    expect(r.stdout).toMatch(/timer overhead ns/);
    expect(r.stdout).not.toMatch(/Closed loop/);
  });

  it('refuses an unknown section', () => {
    const r = bench('--sections', 'warp-drive');
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/unknown section "warp-drive"/);
  });
});
