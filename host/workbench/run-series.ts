// The per-cycle signals a report plots, captured through runScenario's onCycle hook: speeds,
// gap and the gap the firmware aims for, acceleration, TTC and required deceleration, mode and
// warnings. Columnar, one value per 10 ms cycle.
import { CAL, IN, OUT } from '../ecu/abi-views.js';
import { runScenario, type RunOptions, type RunResult } from '../sim/run.js';
import type { Scenario } from '../sim/scenario.js';
import { SensorModel } from '../sim/sensor.js';
import type { Simulation } from '../sim/simulation.js';
import { KPH } from '../sim/world.js';

export const SERIES = [
  'tS', 'egoKph', 'leadKph', 'targetKph', 'capKph', 'gapM', 'desiredGapM', 'accelCmdMps2', 'accelMps2',
  'ttcS', 'requiredDecelMps2', 'mode', 'fcw', 'aeb', 'takeover', 'handsOff', 'eyesOff',
] as const;
export type SeriesName = (typeof SERIES)[number];
export type RunSeries = Record<SeriesName, number[]>;

/** TTC above this is drawn at this value (99 = "none" in the ABI would flatten the plot). */
export const TTC_PLOT_MAX_S = 20;

export function seriesRecorder(): { series: RunSeries; onCycle: (sim: Simulation) => void } {
  const series = Object.fromEntries(SERIES.map((k) => [k, [] as number[]])) as RunSeries;
  const onCycle = (sim: Simulation) => {
    const o = sim.outputs, f = sim.frame, ego = sim.ego;
    const cal = sim.controller.ecu.calibration;
    const lead = SensorModel.nearestInPath(sim.objects, ego, Infinity, Infinity);
    const gap = lead ? lead.gapM(ego) : NaN;
    const timeGapS = Math.max(f[IN.timeGapSetS], cal[CAL.timeGapMinS]);
    series.tS.push(+(sim.tS - 0.01).toFixed(2));
    series.egoKph.push(ego.speedMps / KPH);
    series.leadKph.push(lead ? lead.speedMps / KPH : NaN);
    series.targetKph.push(o[OUT.targetSpeedMps] / KPH);
    series.capKph.push(o[OUT.dynamicSpeedCapMps] < 69 ? o[OUT.dynamicSpeedCapMps] / KPH : NaN);
    series.gapM.push(gap);
    // The firmware's following law aims for T·v_lead + d0 (speed-control.ts desiredGapM).
    series.desiredGapM.push(lead ? timeGapS * lead.speedMps + cal[CAL.standstillGapM] : NaN);
    series.accelCmdMps2.push(o[OUT.accelCmdMps2]);
    series.accelMps2.push(ego.accelMps2);
    series.ttcS.push(Math.min(o[OUT.ttcS], TTC_PLOT_MAX_S));
    series.requiredDecelMps2.push(o[OUT.requiredDecelMps2] < 99 ? o[OUT.requiredDecelMps2] : NaN); // 99 = no object
    series.mode.push(o[OUT.mode]);
    series.fcw.push(o[OUT.fcw]);
    series.aeb.push(o[OUT.aebActive]);
    series.takeover.push(o[OUT.takeoverRequest]);
    series.handsOff.push(o[OUT.horLevel]);
    series.eyesOff.push(o[OUT.eyesOffLevel]);
  };
  return { series, onCycle };
}

/** Runs a scenario and keeps its series. */
export function runWithSeries(s: Scenario, opts: RunOptions): { result: RunResult; series: RunSeries } {
  const rec = seriesRecorder();
  const result = runScenario(s, { ...opts, onCycle: (sim) => { rec.onCycle(sim); opts.onCycle?.(sim); } });
  return { result, series: rec.series };
}
