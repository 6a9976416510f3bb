// The library API of the `hpa-ecu` package (package.json "exports"): load firmware, write inputs,
// step, read outputs, snapshot/restore; load and run scenarios; judge, sweep, report and log them;
// run the firmware in real time. docs/api.md walks through it.

// The one declaration of the interface and the slot maps derived from it.
export { INPUTS, OUTPUTS, CALIBRATION, STATE, EVENTS, MODES, FAULTS, RELEASES, CYCLE_S, ABI_VERSION } from '../abi/signals.js';
export type { Signal, CalibrationParam, InputName, OutputName, CalibrationName, StateName, EventName } from '../abi/signals.js';
export { CALIBRATION_RULES, checkCalibrationRules } from '../abi/calibration-rules.js';
export type { CalibrationValues } from '../abi/calibration.js';
export { IN, OUT, CAL, ST, LAYOUT } from './ecu/abi-views.js';

// One firmware instance.
export { Ecu, decodeEvents, CalibrationError, AbiMismatchError } from './ecu/ecu.js';
export type { RecorderDump } from './ecu/ecu.js';
export { listFirmware, resolveFirmware, FirmwareNotFoundError } from './ecu/firmware.js';
export type { FirmwareInfo } from './ecu/firmware.js';
export { EcuController } from './runner/controller.js';
export type { Controller } from './runner/controller.js';

// Scenarios and closed-loop runs.
export { loadScenarioFile, parseScenarioText, checkScenario, ScenarioError } from './sim/scenario.js';
export type { Scenario, ScenarioFile, Expectation } from './sim/scenario.js';
export { runScenario, TRACE_COLUMNS } from './sim/run.js';
export type { RunOptions, RunResult } from './sim/run.js';
export type { SimEvent } from './sim/simulation.js';
export { DERIVED_EVENTS } from './sim/timeline.js';
export { evaluate } from './sim/expectations.js';
export { runLibrary, shippedScenarioFiles, SCENARIO_DIR } from './sim/library.js';
export { readCalibrationFile, loadCalibrationFile, CalibrationFileError } from './sim/calibration-file.js';

// The workbench: test suites, sweeps, reports, logs.
export { runTestSuite } from './workbench/test-suite.js';
export type { TestReport, TestOptions } from './workbench/test-suite.js';
export { junitXml } from './workbench/junit.js';
export { runSweep } from './workbench/sweep.js';
export type { SweepOptions, SweepReport, SweepRow } from './workbench/sweep.js';
export { scenarioReport, sweepReportData } from './workbench/report-builders.js';
export { reportHtml } from './workbench/report-html.js';
export { runWithSeries } from './workbench/run-series.js';
export { McapRunLog } from './workbench/mcap-log.js';

// The real-time runner (fixed 10 ms or faster steps on a worker thread).
export { runRealtime, startRealtime } from './realtime/fixed-step-runner.js';
export type { RealtimeOptions, RealtimeResult, RealtimeHandle } from './realtime/fixed-step-runner.js';
