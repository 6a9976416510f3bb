// ISO 15622 comfort-limit violations: every violating cycle is counted, only the first few are
// described (a long validation drive must not grow a list by one object per violating cycle).
import { describe, expect, it } from 'vitest';
import {
  ISO_ACCEL_MAX_FLOOR_MPS2, ISO_DECEL_MAX_FLOOR_MPS2, ISO_JERK_MAX_FLOOR_MPS3, isoAccelMaxMps2, isoDecelMaxMps2, isoJerkMaxMps3,
} from '../../host/sim/iso-limits.js';
import { MAX_VIOLATION_EXAMPLES, runScenario } from '../../host/sim/run.js';
import { shipped } from '../helpers.js';

// 1.0.0 brakes for a lead braking at 130 km/h with steps beyond the ISO jerk limit (the 1.1.0 recall fixed it).
const ccrb130 = shipped('euro-ncap-2026-ccrb.json').find((s) => s.name.includes('ego.speedKph=130'))!;

describe('ISO 15622 violations', () => {
  it('counts every violation and keeps the first few, in time order', () => {
    const r = runScenario(ccrb130, { firmware: '1.0.0', trace: true });
    expect(r.accLimitViolations).toHaveLength(MAX_VIOLATION_EXAMPLES);
    expect(r.accLimitViolationCount).toBeGreaterThan(MAX_VIOLATION_EXAMPLES);
    const times = r.accLimitViolations.map((v) => v.tS);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    for (const v of r.accLimitViolations) expect(v.what).toMatch(/^(accel|2 s mean decel|jerk) -?\d+\.\d\d > \d+\.\d\d m\/s[²³]$/);
    // An independent lower bound from the trace: cycles whose command step exceeds the ISO jerk
    // limit while the pilot (not a warning or emergency) controls are each at least one violation.
    const col = (name: string) => r.trace!.columns.indexOf(name);
    const rows = r.trace!.rows;
    let jerkCycles = 0;
    for (let k = 201; k < rows.length; k++) {
      const [row, prev] = [rows[k], rows[k - 1]];
      const calm = row[col('fcw')] === 0 && row[col('aeb')] === 0 && prev[col('fcw')] === 0 && prev[col('aeb')] === 0 && row[col('mode')] === 2 && prev[col('mode')] === 2;
      if (calm && Math.abs(row[col('accelCmdMps2')] - prev[col('accelCmdMps2')]) / 0.01 > isoJerkMaxMps3(row[col('egoSpeedKph')] / 3.6) + 1e-3) jerkCycles++;
    }
    expect(jerkCycles).toBeGreaterThan(0);
    expect(r.accLimitViolationCount).toBeGreaterThanOrEqual(jerkCycles);
  });

  it('a drive within the limits has no examples and a zero count', () => {
    const r = runScenario(ccrb130, { firmware: '1.1.0' });
    expect(r.accLimitViolationCount).toBe(0);
    expect(r.accLimitViolations).toEqual([]);
  });

  // The per-cycle check skips the speed lookup below these floors, so no limit may ever be lower.
  it('the limits never fall below their floors (ISO 15622: 2 m/s², 3.5 m/s², 2.5 m/s³ at high speed)', () => {
    expect([ISO_ACCEL_MAX_FLOOR_MPS2, ISO_DECEL_MAX_FLOOR_MPS2, ISO_JERK_MAX_FLOOR_MPS3]).toEqual([2, 3.5, 2.5]);
    for (let v = 0; v <= 100; v += 0.01) {
      expect(isoAccelMaxMps2(v)).toBeGreaterThanOrEqual(ISO_ACCEL_MAX_FLOOR_MPS2);
      expect(isoDecelMaxMps2(v)).toBeGreaterThanOrEqual(ISO_DECEL_MAX_FLOOR_MPS2);
      expect(isoJerkMaxMps3(v)).toBeGreaterThanOrEqual(ISO_JERK_MAX_FLOOR_MPS3);
    }
  });
});
