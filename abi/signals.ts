// The one declaration of the ECU's interface (FMI-style variable list).
// `npm run build` generates the AssemblyScript layout from it (abi/generate.ts);
// the host derives its typed-array views, the calibration schema and docs/signals.md
// from the same objects at run time. Change a signal here and nowhere else.

export interface Signal {
  name: string;
  unit: string;
  min: number;
  max: number;
  description: string;
  /** Fixed-length vector (breakpoint tables); scalars omit it. */
  length?: number;
  /** Inputs only: the validity group (SIGNAL_GROUPS) whose functions a bad value degrades. */
  group?: SignalGroupName;
}

export interface CalibrationParam extends Signal {
  /** Default of the current release (1.1.0). */
  default: number | readonly number[];
  /** Per-release overrides of the default, keyed by firmware version. */
  releases?: Readonly<Record<string, number | readonly number[]>>;
  /** Regulatory or design source of the limit, shown in docs. */
  source?: string;
}

/** Bump when any block below changes shape; the host refuses a firmware whose ABI differs. */
export const ABI_VERSION = 1;
/** Bump when the state block changes meaning; OTA swaps migrate across it. */
export const STATE_LAYOUT_VERSION = 4;
export const CYCLE_S = 0.01;

export const MODES = ['off', 'standby', 'active', 'override', 'takeover', 'mrm', 'lockout'] as const;
export const OBJECT_KINDS = ['none', 'car', 'truck', 'cone', 'barrier', 'pedestrian'] as const;

/** Output `eventFlags` bits; the host turns rising bits into timeline events. */
export const EVENTS = [
  'engaged', 'fcw', 'aeb', 'takeoverRequest', 'driverTakeover', 'hor', 'horEscalated',
  'eyesOffWarning', 'eyesOffEscalated', 'takeControlNow', 'mrm', 'standstill', 'fault',
  'disengaged', 'lockout',
] as const;

/** Output `faultCode` bits. */
export const FAULTS = [
  'nonFiniteInput', 'outOfRangeInput', 'frozenCounter', 'staleFrame', 'sensorReported', 'implausibleJump', 'inconsistentObject',
] as const;

/** Features compiled into a release (not calibratable: a feature is code the release ships). */
export const FEATURES = ['dynamicSpeed', 'timeBasedHandover', 'zoneAwareness', 'aebStandstillHold', 'stationaryConfirmation', 'lateHazardBraking', 'roadworksTrusted', 'aebDirectDemand', 'reckonedLeadDecel', 'enhancedTtcWarning'] as const;

/** Functions of the ECU a signal fault can take away (docs/safety.md's degradation matrix). */
export const FUNCTIONS = ['pilot', 'fcw', 'aeb', 'dynamicSpeed', 'zoneAwareness', 'driverMonitoring', 'recorder'] as const;
export type FunctionName = (typeof FUNCTIONS)[number];

export interface SignalGroup {
  name: string;
  /** Functions that read a signal of this group. */
  usedBy: readonly FunctionName[];
  /** Functions unavailable while the group is invalid (after any coasting window). */
  lost: readonly FunctionName[];
  /** What the firmware does about it, and what the driver is shown. */
  reaction: string;
  message: string;
}

/**
 * Validity per signal group, not per frame: a bad value (non-finite, out of range, implausible)
 * degrades only the functions that use its group. Bit i of `degradedGroups` is group i. The
 * generated per-signal checks and docs/safety.md both come from this list.
 */
export const SIGNAL_GROUPS = [
  { name: 'counter', usedBy: ['pilot', 'fcw', 'aeb'], lost: ['pilot', 'fcw', 'aeb'],
    reaction: 'Frozen or replayed frame: coast on the last object track for objectCoastS, then FCW/AEB unavailable; takeover request and fault deceleration (MRM if unanswered)', message: 'Sensor data lost: take over' },
  { name: 'egoSpeed', usedBy: ['pilot', 'fcw', 'aeb', 'dynamicSpeed', 'driverMonitoring'], lost: ['pilot', 'fcw', 'aeb'],
    reaction: 'Last plausible speed held for objectCoastS, then FCW/AEB unavailable and the speed reckoned with the measured acceleration; a reading returns only when it agrees with that (with egoAccel bad too: any valid reading); takeover request and fault deceleration', message: 'Vehicle speed signal lost: take over' },
  { name: 'egoAccel', usedBy: ['pilot', 'fcw', 'aeb'], lost: ['pilot'],
    reaction: 'Substituted by 0 (seeds the command at engagement; reckons the speed through a speed lapse, which then ends with any valid reading); takeover request and fault deceleration', message: 'Pilot unavailable: take over' },
  { name: 'pilotSettings', usedBy: ['pilot'], lost: ['pilot'],
    reaction: 'Set speed → current speed, time gap → the smallest honoured; takeover request and fault deceleration', message: 'Pilot unavailable: take over' },
  { name: 'map', usedBy: ['pilot', 'dynamicSpeed', 'zoneAwareness'], lost: ['pilot', 'zoneAwareness'],
    reaction: 'Map / horizon ignored (no zone, curve or design-domain data); takeover request and fault deceleration; FCW/AEB unaffected', message: 'Map data unavailable: take over' },
  { name: 'perceptionRange', usedBy: ['dynamicSpeed'], lost: [],
    reaction: 'Dynamic speed plans with the calibrated fallback range stationaryFallbackRangeM; the pilot carries on', message: 'Speed reduced: sensor range unknown' },
  { name: 'object', usedBy: ['pilot', 'fcw', 'aeb', 'zoneAwareness'], lost: ['pilot', 'fcw', 'aeb'],
    reaction: 'Coast on the last track (predicted forward) for objectCoastS; longer: FCW/AEB unavailable, takeover request and fault deceleration', message: 'Collision warning unavailable: take over' },
  { name: 'pedals', usedBy: ['pilot', 'aeb'], lost: ['pilot'],
    reaction: 'Brake pedal read as pressed (the pilot disengages), accelerator as released (no override of emergency braking)', message: 'Pilot unavailable: take over' },
  { name: 'pilotControls', usedBy: ['pilot'], lost: ['pilot'],
    reaction: 'Read as cancel: the pilot disengages', message: 'Pilot cancelled' },
  { name: 'driverState', usedBy: ['driverMonitoring', 'pilot'], lost: ['pilot', 'driverMonitoring'],
    reaction: 'Read as hands off and eyes off (the monitoring chains run); takeover request and fault deceleration', message: 'Driver monitoring unavailable: take over' },
  { name: 'perceptionStatus', usedBy: ['pilot'], lost: ['pilot'],
    reaction: 'Perception reports itself degraded (or the flag is invalid): takeover request and fault deceleration; FCW/AEB keep acting on a valid object', message: 'Sensors degraded: take over' },
  { name: 'crash', usedBy: ['recorder'], lost: [],
    reaction: 'Read as a crash: the event data recorder freezes (evidence is kept)', message: '(none)' },
  { name: 'objectAttributes', usedBy: ['pilot', 'fcw', 'aeb'], lost: ['pilot'],
    reaction: 'Object acceleration read as 0 and its class as a car (1.1.0, reckonedLeadDecel: the acceleration reckoned from the object\'s speed over the last 0.5 s, also for an attribute bit-identical for 0.5 s); FCW/AEB keep acting on the gap and closing speed; takeover request and fault deceleration', message: 'Sensors degraded: take over' },
] as const satisfies readonly SignalGroup[];
export type SignalGroupName = (typeof SIGNAL_GROUPS)[number]['name'];

export const INPUTS = [
  { name: 'frameCounter', unit: '1', group: 'counter', min: 0, max: 65535, description: 'Rolling sensor frame counter; must advance every cycle' },
  { name: 'mainSwitch', unit: 'bool', group: 'pilotControls', min: 0, max: 1, description: 'Pilot main switch' },
  { name: 'engageRequest', unit: 'bool', group: 'pilotControls', min: 0, max: 1, description: 'Driver engage button (rising edge engages)' },
  { name: 'cancelRequest', unit: 'bool', group: 'pilotControls', min: 0, max: 1, description: 'Driver cancel button' },
  { name: 'egoSpeedMps', unit: 'm/s', group: 'egoSpeed', min: 0, max: 90, description: 'Vehicle speed' },
  { name: 'egoAccelMps2', unit: 'm/s2', group: 'egoAccel', min: -15, max: 15, description: 'Measured longitudinal acceleration' },
  { name: 'setSpeedMps', unit: 'm/s', group: 'pilotSettings', min: 0, max: 70, description: 'Driver set speed' },
  { name: 'timeGapSetS', unit: 's', group: 'pilotSettings', min: 0.8, max: 3, description: 'Driver-selected time gap' },
  { name: 'speedLimitMps', unit: 'm/s', group: 'map', min: 0, max: 70, description: 'Posted speed limit (0 = unknown)' },
  { name: 'curvatureAheadPerM', unit: '1/m', group: 'map', min: 0, max: 0.1, description: 'Largest curvature within the preview horizon' },
  { name: 'curveDistM', unit: 'm', group: 'map', min: 0, max: 1000, description: 'Distance to that curvature' },
  { name: 'stationaryDetectRangeM', unit: 'm', group: 'perceptionRange', min: 0, max: 300, description: 'Perception self-assessment: range within which stationary obstacles are currently detected reliably (falls in rain or fog, before a crest, in curves with a short line of sight)' },
  { name: 'smallObstacleDetectRangeM', unit: 'm', group: 'perceptionRange', min: 0, max: 300, description: 'Perception self-assessment for its smallest obstacle class (a traffic cone): range within which one is detected reliably now; 0 = not reported (the firmware then assumes smallObstacleRangeRatio × stationaryDetectRangeM)' },
  { name: 'leadValid', unit: 'bool', group: 'object', min: 0, max: 1, description: 'An object is in the ego path' },
  { name: 'leadDistM', unit: 'm', group: 'object', min: 0, max: 300, description: 'Gap to the nearest in-path object' },
  { name: 'leadRelSpeedMps', unit: 'm/s', group: 'object', min: -100, max: 100, description: 'Object speed minus ego speed' },
  { name: 'leadAccelMps2', unit: 'm/s2', group: 'objectAttributes', min: -15, max: 15, description: 'Object acceleration' },
  { name: 'leadKind', unit: 'enum', group: 'objectAttributes', min: 0, max: OBJECT_KINDS.length - 1, description: `Object class: ${OBJECT_KINDS.join(', ')}` },
  { name: 'zoneValid', unit: 'bool', group: 'map', min: 0, max: 1, description: 'A construction zone is announced ahead (map / ADAS horizon)' },
  { name: 'zoneDistM', unit: 'm', group: 'map', min: 0, max: 5000, description: 'Distance to the announced zone' },
  { name: 'zoneEgoLaneClosed', unit: 'bool', group: 'map', min: 0, max: 1, description: 'The ego lane is closed inside the zone' },
  { name: 'oddEndDistM', unit: 'm', group: 'map', min: 0, max: 5000, description: 'Distance to the end of the design domain (e.g. the motorway ends); 5000 = not within the horizon' },
  { name: 'handsOn', unit: 'bool', group: 'driverState', min: 0, max: 1, description: 'Hands on the wheel' },
  { name: 'eyesOnRoad', unit: 'bool', group: 'driverState', min: 0, max: 1, description: 'Gaze inside the driving-related area' },
  { name: 'brakePedal', unit: 'bool', group: 'pedals', min: 0, max: 1, description: 'Driver brakes' },
  { name: 'accelPedal', unit: '1', group: 'pedals', min: 0, max: 1, description: 'Accelerator pedal position' },
  { name: 'sensorFault', unit: 'bool', group: 'perceptionStatus', min: 0, max: 1, description: 'Perception reports itself degraded' },
  { name: 'crashDetected', unit: 'bool', group: 'crash', min: 0, max: 1, description: 'Crash sensor fired (freezes the event data recorder)' },
] as const satisfies readonly Signal[];

export const OUTPUTS = [
  { name: 'accelCmdMps2', unit: 'm/s2', min: -10, max: 4, description: 'Longitudinal acceleration command' },
  { name: 'mode', unit: 'enum', min: 0, max: MODES.length - 1, description: `Mode: ${MODES.join(', ')}` },
  { name: 'longControlActive', unit: 'bool', min: 0, max: 1, description: 'The ECU commands longitudinal motion this cycle (pilot or emergency braking)' },
  { name: 'assistActive', unit: 'bool', min: 0, max: 1, description: 'Pilot controls the vehicle (active, takeover request or MRM)' },
  { name: 'fcw', unit: 'bool', min: 0, max: 1, description: 'Forward collision warning' },
  { name: 'aebActive', unit: 'bool', min: 0, max: 1, description: 'Emergency braking (demand above the emergency threshold)' },
  { name: 'takeoverRequest', unit: 'bool', min: 0, max: 1, description: 'Takeover request shown' },
  { name: 'horLevel', unit: 'enum', min: 0, max: 3, description: 'Hands-on request: 0 none, 1 request, 2 escalated, 3 take control now' },
  { name: 'eyesOffLevel', unit: 'enum', min: 0, max: 3, description: 'Eyes-off warning: 0 none, 1 request, 2 escalated, 3 take control now' },
  { name: 'hazardLights', unit: 'bool', min: 0, max: 1, description: 'Hazard lights' },
  { name: 'faultCode', unit: 'bits', min: 0, max: 2 ** FAULTS.length - 1, description: `Fault bits: ${FAULTS.join(', ')}` },
  { name: 'eventFlags', unit: 'bits', min: 0, max: 2 ** EVENTS.length - 1, description: 'Events raised this cycle' },
  { name: 'targetSpeedMps', unit: 'm/s', min: 0, max: 70, description: 'Speed target after all caps' },
  { name: 'dynamicSpeedCapMps', unit: 'm/s', min: 0, max: 70, description: 'Dynamic speed cap (stationary-recognition and zone)' },
  { name: 'ttcS', unit: 's', min: 0, max: 99, description: 'Time to collision with the in-path object (99 = none)' },
  { name: 'requiredDecelMps2', unit: 'm/s2', min: 0, max: 99, description: 'Deceleration needed to avoid the in-path object' },
  { name: 'lockedOut', unit: 'bool', min: 0, max: 1, description: 'Function unavailable (lockout)' },
  { name: 'degradedGroups', unit: 'bits', min: 0, max: 2 ** SIGNAL_GROUPS.length - 1, description: `Signal groups currently invalid (latched until clean for faultClearS): ${SIGNAL_GROUPS.map((g) => g.name).join(', ')}` },
  { name: 'aebAvailable', unit: 'bool', min: 0, max: 1, description: 'FCW and AEB available (ego speed and object channel valid or coasting)' },
] as const satisfies readonly Signal[];

const KPH = 1 / 3.6;
// Speed breakpoints shared by the ISO 15622 tables: 0, 5, 20, 40 m/s.
const ISO_BP = [0, 5, 20, 40] as const;

export const CALIBRATION = [
  // Speed control (ISO 15622 / 22179 limits, openpilot time gaps)
  { name: 'timeGapMinS', unit: 's', default: 0.8, min: 0.8, max: 3, description: 'Smallest time gap honoured', source: 'ISO 15622 ≥ 0.8 s' },
  { name: 'standstillGapM', unit: 'm', default: 6, min: 2, max: 15, description: 'Gap kept at standstill', source: 'openpilot stop distance 6 m' },
  { name: 'limitBpMps', unit: 'm/s', length: 4, default: ISO_BP, min: 0, max: 90, description: 'Speed breakpoints of the ACC limit tables' },
  { name: 'accelMaxMps2', unit: 'm/s2', length: 4, default: [2.0, 2.0, 1.2, 0.8], min: 0, max: 4, description: 'ACC acceleration ceiling per breakpoint', source: 'ISO 15622: ≤ 4 below 5 m/s, ≤ 2 above 20 m/s' },
  { name: 'accDecelMaxMps2', unit: 'm/s2', length: 4, default: [4.5, 4.5, 3.5, 3.5], min: 0, max: 5, description: 'ACC deceleration ceiling per breakpoint', source: 'ISO 15622: 5 low speed, 3.5 high speed' },
  { name: 'jerkMaxMps3', unit: 'm/s3', length: 4, default: [4.5, 4.5, 2.4, 2.4], min: 0.5, max: 5, description: 'ACC jerk ceiling per breakpoint', source: 'ISO 15622: 5 low, 2.5 high speed' },
  { name: 'speedGainPerS', unit: '1/s', default: 0.4, min: 0.05, max: 2, description: 'Speed-error to acceleration gain' },
  { name: 'gapConvergeS', unit: 's', default: 2.5, min: 0.5, max: 10, description: 'Following law: time to close a small gap error' },
  { name: 'approachDecelMps2', unit: 'm/s2', default: 2.0, min: 0.5, max: 3.5, description: 'Following law: deceleration planned when closing in on a slower object', source: 'openpilot comfort brake 2.5' },
  { name: 'relSpeedGainPerS', unit: '1/s', default: 0.6, min: 0.05, max: 3, description: 'Relative-speed gain of the following law' },
  { name: 'lateralAccelMaxMps2', unit: 'm/s2', default: 2.0, min: 0.5, max: 4, description: 'Curve speed: lateral acceleration limit' },
  { name: 'curveDecelMps2', unit: 'm/s2', default: 1.5, min: 0.3, max: 3.5, description: 'Deceleration planned ahead of a curve' },
  // Hazard handling (UN R152, Euro NCAP)
  { name: 'stationaryBpMps', unit: 'm/s', length: 4, default: [0, 10, 25, 40], min: 0, max: 90, description: 'Speed breakpoints of the stationary-object trust table' },
  { name: 'stationaryTrustRangeM', unit: 'm', length: 4, default: [150, 150, 150, 150], min: 10, max: 300,
    releases: { '1.0.0': [120, 90, 60, 50] },
    description: 'Range within which a stationary in-path object is acted on (1.0.0 suppressed far stationary returns to avoid phantom braking)' },
  { name: 'systemLatencyS', unit: 's', default: 0.3, min: 0, max: 1.5, description: 'Perception + actuator latency assumed by the threat model' },
  { name: 'collisionMarginM', unit: 'm', default: 2.0, min: 0.5, max: 10, description: 'Gap to keep when braking for a hazard' },
  { name: 'fcwTtcS', unit: 's', default: 3.0, min: 0.8, max: 6, releases: { '1.0.0': 1.6 }, description: 'Warn when TTC falls below this' },
  { name: 'fcwReqDecelMps2', unit: 'm/s2', default: 3.0, min: 1, max: 8, releases: { '1.0.0': 5.0 }, description: 'Warn when the needed deceleration exceeds this' },
  { name: 'fcwLeadS', unit: 's', default: 0.8, min: 0.8, max: 3, description: 'Warning time before emergency braking may start', source: 'UN R152: ≥ 0.8 s' },
  { name: 'partialBrakeMaxMps2', unit: 'm/s2', default: 4.0, min: 1, max: 4.9, description: 'Hazard braking ceiling before the warning time has elapsed' },
  { name: 'aebMaxDecelMps2', unit: 'm/s2', default: 9.0, min: 5, max: 10, description: 'Emergency braking ceiling', source: 'UN R152: demand ≥ 5 m/s²' },
  { name: 'aebThresholdMps2', unit: 'm/s2', default: 5.0, min: 4, max: 8, description: 'Demand above which braking counts as emergency braking' },
  { name: 'hazardBrakeGain', unit: '1', default: 1.3, min: 1, max: 2, description: 'Hazard braking = gain × needed deceleration' },
  { name: 'roadworksBrakeMaxMps2', unit: 'm/s2', default: 9.0, min: 1, max: 10, releases: { '1.0.0': 3.0 },
    description: 'Hazard braking ceiling for road-works objects (cones, barriers); 1.0.0 only warned and braked partially for them' },
  { name: 'aebHoldS', unit: 's', default: 2.0, min: 1, max: 10, description: 'Emergency braking holds the car at standstill this long (or until the driver accelerates)', source: 'Euro NCAP AEB: the run ends at standstill' },
  { name: 'aebHoldDecelMps2', unit: 'm/s2', default: 3.0, min: 1, max: 10, description: 'Brake demand while holding at standstill after emergency braking' },
  // Stationary-object confirmation (1.1.0): far stationary returns may be gantries, bridges, signs
  { name: 'precautionDecelMps2', unit: 'm/s2', default: 1.8, min: 0.5, max: 2.0, description: 'Most the pilot slows for an unconfirmed far stationary return: easing off, below the 2 m/s² a driver reads as braking (docs/perception.md)' },
  { name: 'confirmStopDecelMps2', unit: 'm/s2', default: 8.5, min: 5, max: 10, description: 'A far stationary return is confirmed (acted on in full) once a stop before it needs this deceleration after the system latency', source: 'below the 9 m/s² emergency ceiling: headroom for brake build-up' },
  // Dynamic vehicle speed (the 1.1.0 remedy)
  { name: 'smallObstacleRangeRatio', unit: '1', default: 0.4, min: 0.1, max: 1, description: 'Small-obstacle (cone) detection range as a share of stationaryDetectRangeM when the perception does not report it', source: 'docs/perception.md: cone 80 m vs car 200 m (radar range ∝ RCS^¼)' },
  { name: 'stationaryFallbackRangeM', unit: 'm', default: 100, min: 30, max: 300, description: 'Stationary-detection range the dynamic speed cap assumes while the perception does not report a valid one (input stationaryDetectRangeM)' },
  { name: 'sightClearanceM', unit: 'm', default: 4.0, min: 1, max: 20, description: 'Lateral clearance to the inside of a curve: line of sight = √(8·clearance/curvature)' },
  { name: 'dynSpeedPlanDecelMps2', unit: 'm/s2', default: 5.0, min: 1, max: 6, description: 'Deceleration the dynamic speed cap plans with (a firm stop, not the emergency ceiling)', source: 'UN R152: emergency demand ≥ 5 m/s²' },
  { name: 'dynSpeedReactionS', unit: 's', default: 1.0, min: 0, max: 3, description: 'Recognition and reaction time the cap plans with' },
  { name: 'zoneSpeedMps', unit: 'm/s', default: 60 * KPH, min: 5, max: 40, description: 'Speed through an announced construction zone' },
  { name: 'zoneDecelMps2', unit: 'm/s2', default: 1.2, min: 0.3, max: 3, description: 'Deceleration planned ahead of a zone' },
  { name: 'zoneStopMarginM', unit: 'm', default: 20, min: 5, max: 100, description: 'Where to stop before a zone that closes the ego lane' },
  { name: 'torLeadTimeS', unit: 's', default: 12, min: 4, max: 30, description: 'Handover window: takeover request this long before a closure it cannot pass' },
  { name: 'torDistanceM', unit: 'm', default: 150, min: 20, max: 1000, releases: { '1.0.0': 100 }, description: 'Handover by distance (releases without the seconds-based window): takeover request this far before the design domain ends' },
  { name: 'torTimeoutS', unit: 's', default: 10, min: 2, max: 10, description: 'Unanswered takeover request → minimal-risk manoeuvre', source: 'R171: MRM at the latest 10 s after escalation' },
  // Driver monitoring (GB draft 2025 / UN R171): max = the regulatory latest time
  { name: 'dmsMinSpeedMps', unit: 'm/s', default: 10 * KPH, min: 0, max: 10 * KPH, description: 'Monitoring applies above this speed', source: 'GB draft: above 10 km/h' },
  { name: 'horHandsOffS', unit: 's', default: 4.5, min: 1, max: 5, description: 'Hands off → hands-on request', source: 'GB draft / R171: at the latest 5 s' },
  { name: 'horHandsOffEyesOnS', unit: 's', default: 9.0, min: 1, max: 10, description: 'Hands off with gaze on the road throughout → request', source: 'at the latest 10 s' },
  { name: 'horEscalateS', unit: 's', default: 9.0, min: 1, max: 10, description: 'Request → escalated request', source: 'at the latest 10 s' },
  { name: 'horMrmS', unit: 's', default: 9.0, min: 1, max: 10, description: 'Escalation → minimal-risk manoeuvre', source: 'at the latest 10 s' },
  { name: 'eyesOffRequestS', unit: 's', default: 4.5, min: 1, max: 5, description: 'Eyes off → attention request', source: 'at the latest 5 s' },
  { name: 'eyesOffEscalateS', unit: 's', default: 2.5, min: 0.5, max: 3, description: 'Attention request → escalation', source: '3 s' },
  { name: 'eyesOffTakeControlS', unit: 's', default: 4.5, min: 1, max: 5, description: 'Escalation → take control now', source: '5 s' },
  { name: 'eyesOffMrmS', unit: 's', default: 9.0, min: 1, max: 10, description: 'Take control now → minimal-risk manoeuvre', source: 'at the latest 10 s' },
  { name: 'gazeRegainS', unit: 's', default: 0.2, min: 0.2, max: 2, description: 'Gaze must be back this long to count', source: 'R171: ≥ 200 ms' },
  { name: 'mrmDecelMps2', unit: 'm/s2', default: 3.0, min: 0.5, max: 4, description: 'MRM deceleration in lane', source: 'GB draft: ≤ 4 m/s²' },
  { name: 'mrmJerkMps3', unit: 'm/s3', default: 2.0, min: 0.5, max: 5, description: 'MRM jerk limit' },
  { name: 'lockoutS', unit: 's', default: 1800, min: 1800, max: 86400, description: 'Unavailability after an MRM', source: 'GB draft: ≥ 30 min' },
  { name: 'lockoutWindowS', unit: 's', default: 1800, min: 60, max: 86400, description: 'Window in which repeated alerts lead to lockout', source: 'GB draft: 30 min' },
  { name: 'lockoutEscalations', unit: '1', default: 3, min: 1, max: 3, description: 'Escalations within the window → lockout', source: 'GB draft: 3' },
  { name: 'lockoutTakeControls', unit: '1', default: 2, min: 1, max: 2, description: '"Take control now" alerts within the window → lockout', source: 'GB draft: 2' },
  // Mode manager and plausibility
  { name: 'overridePedalMin', unit: '1', default: 0.05, min: 0.01, max: 0.5, description: 'Accelerator position that counts as override' },
  { name: 'engageMinSpeedMps', unit: 'm/s', default: 0, min: 0, max: 40, description: 'Lowest speed at which the pilot engages' },
  { name: 'staleFrameS', unit: 's', default: 0.05, min: 0.02, max: 1, description: 'Frame counter frozen this long → fault' },
  { name: 'faultDecelMps2', unit: 'm/s2', default: 2.0, min: 0.5, max: 4, description: 'Deceleration while degraded by a fault' },
  { name: 'faultClearS', unit: 's', default: 1.0, min: 0.1, max: 10, description: 'Fault-free time before a fault clears' },
  { name: 'maxEgoAccelMps2', unit: 'm/s2', default: 15, min: 5, max: 30, description: 'Largest physically plausible ego acceleration or deceleration (a speed step beyond it per cycle is implausible)' },
  { name: 'maxRelAccelMps2', unit: 'm/s2', default: 40, min: 10, max: 100, description: 'Largest plausible change of the object relative speed per second (ego and object each ≤ ~15 m/s², plus measurement noise)' },
  { name: 'objectCoastS', unit: 's', default: 0.3, min: 0, max: 1, description: 'A lapse of the object channel (or ego speed) this short coasts on the last track; longer = channel lost' },
  // ---- HIL link: AUTOSAR E2E Profile 4 receiver and its state machine (owned by host/hil; appended block) ----
  // Read by the host's E2E receiver (host/hil/e2e/), not by the control law; declared here so the A2L and
  // XCP expose them like any other calibration. Constraints of the AUTOSAR E2E state machine (PRS_E2E):
  // WindowSizeInit/Invalid <= WindowSizeValid; MinOkStateValid <= MinOkStateInit <= MinOkStateInvalid;
  // MaxErrorStateValid >= MaxErrorStateInit >= MaxErrorStateInvalid; MinOk + MaxError <= WindowSizeValid.
  { name: 'e2eMaxDeltaCounter', unit: 'frames', default: 3, min: 1, max: 100, description: 'E2E P04 MaxDeltaCounter: largest counter step still accepted as OK (with frames lost)', source: 'AUTOSAR PRS E2E Profile 4' },
  { name: 'e2eWindowSizeValid', unit: 'frames', default: 10, min: 1, max: 64, description: 'E2E state machine WindowSizeValid (also the ring length)', source: 'AUTOSAR PRS E2E state machine' },
  { name: 'e2eWindowSizeInit', unit: 'frames', default: 5, min: 1, max: 64, description: 'E2E state machine WindowSizeInit', source: 'AUTOSAR PRS E2E state machine' },
  { name: 'e2eWindowSizeInvalid', unit: 'frames', default: 5, min: 1, max: 64, description: 'E2E state machine WindowSizeInvalid', source: 'AUTOSAR PRS E2E state machine' },
  { name: 'e2eMinOkStateInit', unit: 'frames', default: 2, min: 1, max: 64, description: 'E2E state machine MinOkStateInit: OK checks in the window to leave INIT for VALID', source: 'AUTOSAR PRS E2E state machine' },
  { name: 'e2eMaxErrorStateInit', unit: 'frames', default: 1, min: 0, max: 64, description: 'E2E state machine MaxErrorStateInit: errors tolerated in INIT', source: 'AUTOSAR PRS E2E state machine' },
  { name: 'e2eMinOkStateValid', unit: 'frames', default: 2, min: 1, max: 64, description: 'E2E state machine MinOkStateValid: OK checks in the window to stay VALID', source: 'AUTOSAR PRS E2E state machine' },
  { name: 'e2eMaxErrorStateValid', unit: 'frames', default: 2, min: 0, max: 64, description: 'E2E state machine MaxErrorStateValid: errors tolerated in VALID', source: 'AUTOSAR PRS E2E state machine' },
  { name: 'e2eMinOkStateInvalid', unit: 'frames', default: 4, min: 1, max: 64, description: 'E2E state machine MinOkStateInvalid: OK checks in the window to return from INVALID to VALID', source: 'AUTOSAR PRS E2E state machine' },
  { name: 'e2eMaxErrorStateInvalid', unit: 'frames', default: 0, min: 0, max: 64, description: 'E2E state machine MaxErrorStateInvalid: errors tolerated when returning to VALID', source: 'AUTOSAR PRS E2E state machine' },
  { name: 'e2eClearToInvalid', unit: 'bool', default: 1, min: 0, max: 1, description: 'E2E state machine ClearToInvalid: clear the whole window on the way to INVALID', source: 'AUTOSAR PRS E2E state machine (R19-11)' },
] as const satisfies readonly CalibrationParam[];

/** Scalar state, then the event data recorder ring. All f64; the host snapshots the whole block. */
export const STATE = [
  { name: 'cycle', unit: 'cycles', min: 0, max: 2 ** 53, description: 'Cycles since reset' },
  { name: 'mode', unit: 'enum', min: 0, max: MODES.length - 1, description: 'Mode' },
  { name: 'lastCounter', unit: '1', min: -1, max: 65535, description: 'Previous frame counter' },
  { name: 'frozenCycles', unit: 'cycles', min: 0, max: 2 ** 53, description: 'Cycles the counter has not advanced' },
  { name: 'faultCode', unit: 'bits', min: 0, max: 255, description: 'Latched fault bits' },
  { name: 'faultFreeCycles', unit: 'cycles', min: 0, max: 2 ** 53, description: 'Cycles since the last fault' },
  { name: 'lastGoodSpeedMps', unit: 'm/s', min: 0, max: 90, description: 'Last plausible ego speed' },
  { name: 'prevEngage', unit: 'bool', min: 0, max: 1, description: 'Engage button last cycle' },
  { name: 'accelCmdMps2', unit: 'm/s2', min: -10, max: 4, description: 'Last command (jerk limiter)' },
  { name: 'fcwSinceCycle', unit: 'cycles', min: -1, max: 2 ** 53, description: 'Cycle the warning started (-1 none)' },
  { name: 'aebActive', unit: 'bool', min: 0, max: 1, description: 'Emergency braking last cycle' },
  { name: 'hazardHoldCycles', unit: 'cycles', min: 0, max: 2 ** 53, description: 'Cycles hazard state persists after clearing' },
  { name: 'torActive', unit: 'bool', min: 0, max: 1, description: 'Takeover request pending' },
  { name: 'torCycles', unit: 'cycles', min: 0, max: 2 ** 53, description: 'Cycles since the takeover request' },
  { name: 'torReason', unit: 'enum', min: 0, max: 4, description: '1 closure ahead, 2 fault, 4 design-domain end' },
  { name: 'handsOffCycles', unit: 'cycles', min: 0, max: 2 ** 53, description: 'Hands off for' },
  { name: 'eyesStayedOn', unit: 'bool', min: 0, max: 1, description: 'Gaze stayed on the road since hands left' },
  { name: 'horLevel', unit: 'enum', min: 0, max: 3, description: 'Hands-on request level' },
  { name: 'horLevelCycles', unit: 'cycles', min: 0, max: 2 ** 53, description: 'Cycles at this request level' },
  { name: 'eyesOffCycles', unit: 'cycles', min: 0, max: 2 ** 53, description: 'Gaze away for' },
  { name: 'eyesBackCycles', unit: 'cycles', min: 0, max: 2 ** 53, description: 'Gaze back for' },
  { name: 'eyesOffLevel', unit: 'enum', min: 0, max: 3, description: 'Eyes-off warning level' },
  { name: 'eyesOffLevelCycles', unit: 'cycles', min: 0, max: 2 ** 53, description: 'Cycles at this warning level' },
  { name: 'mrmReason', unit: 'enum', min: 0, max: 3, description: '1 hands off, 2 eyes off, 3 takeover unanswered' },
  { name: 'lockoutUntilCycle', unit: 'cycles', min: 0, max: 2 ** 53, description: 'Locked out until' },
  { name: 'escalationAt', unit: 'cycles', length: 3, min: -1, max: 2 ** 53, description: 'Cycles of the last escalations' },
  { name: 'takeControlAt', unit: 'cycles', length: 2, min: -1, max: 2 ** 53, description: 'Cycles of the last take-control alerts' },
  { name: 'standstill', unit: 'bool', min: 0, max: 1, description: 'At standstill under pilot control' },
  { name: 'prevLeadRelSpeedMps', unit: 'm/s', min: -100, max: 100, description: 'Previous raw object relative speed (jump plausibility)' },
  { name: 'prevLeadDistM', unit: 'm', min: -1, max: 300, description: 'Previous raw object distance (-1 none)' },
  { name: 'degradedGroups', unit: 'bits', min: 0, max: 2 ** SIGNAL_GROUPS.length - 1, description: 'Latched invalid signal groups' },
  { name: 'objectLapseCycles', unit: 'cycles', min: 0, max: 2 ** 53, description: 'Cycles the object channel has been invalid' },
  { name: 'egoLapseCycles', unit: 'cycles', min: 0, max: 2 ** 53, description: 'Cycles the ego speed has been invalid' },
  { name: 'egoSpeedReckoned', unit: 'bool', min: 0, max: 1, description: 'The ego speed has been reckoned with a good acceleration through the whole lapse so far' },
  { name: 'trackValid', unit: 'bool', min: 0, max: 1, description: 'A last object track exists to coast on' },
  { name: 'trackDistM', unit: 'm', min: 0, max: 300, description: 'Last track: gap' },
  { name: 'trackSpeedMps', unit: 'm/s', min: 0, max: 200, description: 'Last track: object speed' },
  { name: 'trackAccelMps2', unit: 'm/s2', min: -15, max: 15, description: 'Last track: object acceleration' },
  { name: 'trackKind', unit: 'enum', min: 0, max: 5, description: 'Last track: object class' },
  { name: 'aebLatched', unit: 'bool', min: 0, max: 1, description: 'Emergency braking continues until the threat is gone or the car stands' },
  { name: 'leadSeenMoving', unit: 'bool', min: 0, max: 1, description: 'The in-path object was seen moving since it was first tracked (a stopped car, not a false return)' },
  { name: 'leadTrackDistM', unit: 'm', min: -1, max: 300, description: 'Gap to the object last cycle, to follow the same object (-1 none)' },
  { name: 'aebHoldCycles', unit: 'cycles', min: 0, max: 2 ** 53, description: 'Standstill hold left after emergency braking' },
  { name: 'gapWindowM', unit: 'm', length: 50, min: 0, max: 300, description: 'Gaps to the same object over the last 0.5 s (ring; gap-rate cross-check)' },
  { name: 'relWindowMps', unit: 'm/s', length: 50, min: -100, max: 100, description: 'Relative speeds the sensor reported in the same cycles (ring)' },
  { name: 'windowHead', unit: 'slot', min: 0, max: 49, description: 'Next ring slot' },
  { name: 'windowCount', unit: 'cycles', min: 0, max: 50, description: 'Samples of the same object in the rings' },
  { name: 'gapSumM', unit: 'm', min: 0, max: 15000, description: 'Sum of the gaps in the ring' },
  { name: 'gapMomentM', unit: 'm', min: 0, max: 367500, description: 'Sum of age-ordered index × gap in the ring (least-squares slope)' },
  { name: 'relSumMps', unit: 'm/s', min: -5000, max: 5000, description: 'Sum of the relative speeds in the ring' },
  { name: 'reckonedGapM', unit: 'm', min: -1, max: 300, description: 'Gap dead-reckoned from the closing speed while gap and relative speed disagree (-1 none)' },
  { name: 'gapUnchangedCycles', unit: 'cycles', min: 0, max: 50, description: 'Samples in the ring whose gap is bit-identical to the one before (a frozen gap)' },
  { name: 'relUnchangedCycles', unit: 'cycles', min: 0, max: 50, description: 'Samples in the ring whose relative speed is bit-identical to the one before (a frozen relative speed)' },
  { name: 'noObjectCycles', unit: 'cycles', min: 0, max: 2 ** 53, description: 'Cycles the sensor has reported no object (a verdict of inconsistency outlives a short dropout)' },
  { name: 'priorObjectGapM', unit: 'm', min: -1, max: 300, description: 'The object before a gap jump, carried forward with the reported closing speed while the new window fills (-1 none)' },
  { name: 'leadSpeedWindowMps', unit: 'm/s', length: 50, min: -100, max: 200, description: 'The object\'s speed (ego speed + reported relative speed) in the same cycles (ring; its least-squares slope, computed only while the acceleration attribute is unusable, is the object\'s reckoned acceleration)' },
  { name: 'prevLeadAccelMps2', unit: 'm/s2', min: -15, max: 99, description: 'The object-acceleration attribute reported last cycle (99 when it was invalid: no valid report equals it)' },
  { name: 'leadAccelUnchangedCycles', unit: 'cycles', min: 0, max: 50, description: 'Cycles the object-acceleration attribute has stayed bit-identical (a tracker\'s estimate never does for 0.5 s: stuck or frozen)' },
  { name: 'edrHead', unit: 'samples', min: 0, max: 2 ** 31, description: 'Next EDR sample slot' },
  { name: 'edrCount', unit: 'samples', min: 0, max: 2 ** 31, description: 'EDR samples written' },
  { name: 'edrFrozen', unit: 'bool', min: 0, max: 1, description: 'EDR frozen' },
  { name: 'edrTriggerCycle', unit: 'cycles', min: -1, max: 2 ** 53, description: 'Cycle of the freezing event' },
  { name: 'edrTriggerEvents', unit: 'bits', min: 0, max: 2 ** EVENTS.length - 1, description: 'Events that froze the EDR' },
  { name: 'edrPostCycles', unit: 'cycles', min: 0, max: 2 ** 53, description: 'Samples still to record after the trigger' },
] as const satisfies readonly Signal[];

/** Event data recorder: f32 channels sampled every `decimation` cycles, frozen after a trigger. */
export const RECORDER = {
  decimation: 5,
  samples: 640, // 640 × 50 ms = 32 s ≥ the 30 s asked for
  postTriggerS: 5,
  channels: ['cycle', 'egoSpeedMps', 'accelCmdMps2', 'leadDistM', 'leadRelSpeedMps', 'ttcS', 'mode', 'driverBits', 'faultCode', 'eventFlags'],
} as const;

/** Releases built from this source. A release differs by the features it compiles in and its calibration defaults. */
export const RELEASES: Record<string, { features: (typeof FEATURES)[number][]; notes: string }> = {
  '1.0.0': { features: [], notes: 'Recall-era behaviour: far stationary returns suppressed at speed, short warning, distance-based handover, no dynamic speed' },
  '1.1.0': { features: ['dynamicSpeed', 'timeBasedHandover', 'zoneAwareness', 'aebStandstillHold', 'stationaryConfirmation', 'lateHazardBraking', 'roadworksTrusted', 'aebDirectDemand', 'reckonedLeadDecel', 'enhancedTtcWarning'], notes: 'OTA remedy: dynamic vehicle speed from the live perception range, zone awareness, seconds-based handover window, emergency braking to standstill and hold, confirmation of far stationary returns, emergency braking at once for a hazard revealed too late for the warning lead, road-works objects the camera names acted on without waiting for confirmation, emergency braking demanded at once (the brake actuator alone sets its rise), a braking lead seen from its speed history when its acceleration attribute is lost or lies, the warning for a braking lead gated on the enhanced time to collision (no hazard braking beyond the ACC\'s authority without a warning)' },
};
export const DEBUG_RELEASE = '1.1.0';

export type InputName = (typeof INPUTS)[number]['name'];
export type OutputName = (typeof OUTPUTS)[number]['name'];
export type CalibrationName = (typeof CALIBRATION)[number]['name'];
export type StateName = (typeof STATE)[number]['name'];
export type EventName = (typeof EVENTS)[number];
export type FeatureName = (typeof FEATURES)[number];
