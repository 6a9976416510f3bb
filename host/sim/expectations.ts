// Judges a run against its scenario's `expect` block. Each failed check gives a reason a
// controls engineer can act on.
import type { RunResult } from './run.js';
import type { Expectation } from './scenario.js';

export function evaluate(result: RunResult, expect: Expectation | undefined): string[] {
  const reasons: string[] = [];
  if (!expect) return reasons;
  if (expect.collision !== undefined && result.collision !== expect.collision) {
    reasons.push(result.collision ? `collision with ${result.collidedWith} at ${result.impactSpeedKph} km/h` : 'expected a collision, none happened');
  }
  if (expect.minImpactSpeedKph !== undefined && (result.impactSpeedKph ?? 0) < expect.minImpactSpeedKph) {
    reasons.push(`impact speed ${result.impactSpeedKph ?? 0} km/h < ${expect.minImpactSpeedKph} km/h`);
  }
  if (expect.maxImpactSpeedKph !== undefined && (result.impactSpeedKph ?? 0) > expect.maxImpactSpeedKph + 1e-9) {
    reasons.push(`impact speed ${result.impactSpeedKph} km/h > ${expect.maxImpactSpeedKph} km/h`);
  }
  if (expect.minFinalSpeedKph !== undefined && result.finalSpeedKph < expect.minFinalSpeedKph) {
    reasons.push(`final speed ${result.finalSpeedKph} km/h < ${expect.minFinalSpeedKph} km/h`);
  }
  if (expect.assistActiveAtEnd !== undefined && result.assistActiveAtEnd !== expect.assistActiveAtEnd) {
    reasons.push(`assist ${result.assistActiveAtEnd ? 'active' : 'not active'} at the end (mode ${result.finalMode})`);
  }
  if (expect.accLimits && result.accLimitViolationCount > 0) {
    const v = result.accLimitViolations[0];
    reasons.push(`${result.accLimitViolationCount} ISO 15622 limit violations, first at ${v.tS} s: ${v.what}`);
  }
  if (expect.steadyGap) {
    const e = result.steadyGapMaxError;
    if (e === null || e > expect.steadyGap.tolerance) reasons.push(`steady gap error ${e === null ? 'n/a' : `${(e * 100).toFixed(1)} %`} > ${expect.steadyGap.tolerance * 100} %`);
  }
  for (const [type, latestS] of Object.entries(expect.eventsBy ?? {})) {
    const first = result.events.find((e) => e.type === type);
    if (!first) reasons.push(`no ${type} event (expected by ${latestS} s)`);
    else if (first.tS > latestS + 1e-9) reasons.push(`${type} at ${first.tS} s, later than ${latestS} s`);
  }
  for (const type of expect.eventsAbsent ?? []) {
    const e = result.events.find((x) => x.type === type);
    if (e) reasons.push(`unexpected ${type} at ${e.tS} s`);
  }
  if (expect.maxDecelMps2 !== undefined && result.maxDecelMps2 > expect.maxDecelMps2 + 1e-9) {
    reasons.push(`deceleration ${result.maxDecelMps2} m/s² > ${expect.maxDecelMps2} m/s²`);
  }
  if (expect.maxPhantomBrakes !== undefined && result.phantomBrakes.length > expect.maxPhantomBrakes) {
    const first = result.phantomBrakes[0];
    reasons.push(`${result.phantomBrakes.length} phantom brakes > ${expect.maxPhantomBrakes}, first at ${first.tS} s (${first.peakDecelMps2} m/s²)`);
  }
  return reasons;
}
