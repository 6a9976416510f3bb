// The published JSON Schema (2020-12) of a scenario file. `hpa schema scenario` prints it;
// docs/scenarios.md explains each field.
const num = (description: string, extra: object = {}) => ({ type: 'number', description, ...extra });
const timeline = (description: string) => ({
  type: 'array', description,
  items: { type: 'object', required: ['atS', 'value'], additionalProperties: false,
    properties: { atS: num('time of the change [s]', { minimum: 0 }), value: { type: 'boolean' } } },
});
const action = { enum: ['brake', 'handsOn', 'eyesOn', 'accelerate'] };

const trigger = {
  type: 'object', additionalProperties: false, minProperties: 1,
  properties: {
    atS: num('fires at this time [s]', { minimum: 0 }),
    ttcS: num('fires when the ego’s time to collision with this object falls below this [s]', { exclusiveMinimum: 0 }),
    gapToM: num('road position [m] …'),
    lessThanM: num('… fires when the object is within this distance of gapToM [m]', { exclusiveMinimum: 0 }),
  },
  dependentRequired: { gapToM: ['lessThanM'], lessThanM: ['gapToM'] },
};

const maneuver = {
  type: 'object', required: ['trigger'], additionalProperties: false,
  properties: {
    trigger,
    laneChange: { type: 'integer', minimum: 0, maximum: 5, description: 'target lane' },
    durationS: num('lane change duration [s]', { exclusiveMinimum: 0, maximum: 20 }),
    accelMps2: num('acceleration to apply [m/s²]', { minimum: -12, maximum: 5 }),
    untilSpeedKph: num('… until this speed [km/h]', { minimum: 0, maximum: 250 }),
  },
};

const object = {
  type: 'object', required: ['id', 'kind', 'lane'], additionalProperties: false,
  properties: {
    id: { type: 'string', minLength: 1 },
    kind: { enum: ['car', 'truck', 'cone', 'barrier', 'pedestrian'] },
    xM: num('rear of the object along the road; ego front bumper at 0 at t = 0 [m]'),
    atTtcS: num('alternative to xM: place the object at this time to collision at t = 0 [s]', { exclusiveMinimum: 0 }),
    lane: { type: 'integer', minimum: 0, maximum: 5 },
    offsetM: num('lateral offset from the lane centre, + towards higher lanes [m]', { minimum: -3, maximum: 3 }),
    speedKph: num('initial speed [km/h]', { minimum: 0, maximum: 250 }),
    widthM: num('width [m]', { exclusiveMinimum: 0, maximum: 5 }),
    maneuvers: { type: 'array', items: maneuver },
  },
  oneOf: [{ required: ['xM'] }, { required: ['atTtcS'] }],
};

const fault = {
  type: 'object', required: ['atS', 'signal', 'value'], additionalProperties: false,
  properties: {
    atS: num('start [s]', { minimum: 0 }),
    durationS: num('duration [s], default to the end', { exclusiveMinimum: 0 }),
    signal: { type: 'string', description: 'an input name from docs/signals.md' },
    value: { oneOf: [{ type: 'number' }, { enum: ['NaN', 'Infinity', '-Infinity', 'frozen'] }] },
  },
};

export const scenarioSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://hpa-ecu.dev/schema/scenario.json',
  title: 'HPA-ECU closed-loop scenario',
  type: 'object',
  required: ['name', 'durationS', 'road', 'ego'],
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    name: { type: 'string', pattern: '^[a-z0-9][a-zA-Z0-9._@=,+-]*$' },
    description: { type: 'string' },
    source: { type: 'string', description: 'the test protocol this scenario reproduces' },
    durationS: num('simulated time [s]', { exclusiveMinimum: 0, maximum: 7200 }),
    road: {
      type: 'object', required: ['speedLimitKph', 'lanes'], additionalProperties: false,
      properties: {
        speedLimitKph: num('posted limit [km/h], 0 = unknown', { minimum: 0, maximum: 250 }),
        lanes: { type: 'integer', minimum: 1, maximum: 6 },
        laneWidthM: num('lane width [m]', { minimum: 2.5, maximum: 5 }),
        designDomainEndM: num('road position where the pilot’s design domain ends (e.g. the motorway ends) [m]'),
        zones: {
          type: 'array',
          items: {
            type: 'object', required: ['kind', 'startM', 'endM'], additionalProperties: false,
            properties: {
              kind: { enum: ['construction', 'speedLimit', 'curve'] },
              startM: num('start along the road [m]'), endM: num('end along the road [m]'),
              closedLane: { type: 'integer', minimum: 0, maximum: 5 },
              announced: { type: 'boolean', description: 'construction: known to the map / ADAS horizon (default true)' },
              speedLimitKph: num('speedLimit: limit inside [km/h]', { minimum: 0, maximum: 250 }),
              radiusM: num('curve: radius [m]', { minimum: 10 }),
            },
          },
        },
      },
    },
    ego: {
      type: 'object', required: ['speedKph'], additionalProperties: false,
      properties: {
        speedKph: num('initial speed [km/h]', { minimum: 0, maximum: 250 }),
        setSpeedKph: num('set speed [km/h]', { minimum: 0, maximum: 250 }),
        lane: { type: 'integer', minimum: 0, maximum: 5 },
        timeGapS: num('selected time gap [s]', { minimum: 0.8, maximum: 3 }),
        assist: { enum: ['engaged', 'standby', 'off'] },
      },
    },
    objects: { type: 'array', items: object },
    driver: {
      type: 'object', additionalProperties: false,
      properties: {
        handsOn: timeline('hands on the wheel over time'),
        eyesOnRoad: timeline('gaze on the road over time'),
        brake: timeline('driver presses the brake (disengages the pilot)'),
        engage: timeline('driver holds the engage button (true) / releases it (false); the start-up press is automatic when ego.assist is "engaged"'),
        respondsTo: {
          type: 'object', additionalProperties: false, description: 'warning → the driver’s action after reactionTimeS; empty: never reacts',
          properties: Object.fromEntries(['fcw', 'aeb', 'takeoverRequest', 'hor', 'horEscalated', 'eyesOffWarning', 'eyesOffEscalated', 'takeControlNow', 'mrm']
            .map((k) => [k, { oneOf: [action, { type: 'array', items: action, minItems: 1 }] }])),
        },
        reactionTimeS: num('reaction time [s]', { minimum: 0, maximum: 10 }),
        brakeMps2: num('driver braking [m/s²]', { minimum: 0.5, maximum: 10 }),
      },
    },
    sensors: {
      type: 'object', additionalProperties: false,
      properties: {
        movingRangeM: num('detection range for moving objects [m]', { minimum: 10, maximum: 300 }),
        stationaryRangeM: num('detection range for stationary objects [m]', { minimum: 10, maximum: 300 }),
        latencyMs: num('perception latency [ms]', { minimum: 0, maximum: 500 }),
        seed: { type: 'integer', minimum: 0 },
        distNoiseM: num('1-σ range noise [m]', { minimum: 0, maximum: 5 }),
        speedNoiseMps: num('1-σ relative speed noise [m/s]', { minimum: 0, maximum: 5 }),
        dropoutRate: num('probability a frame loses its object [0..1]', { minimum: 0, maximum: 1 }),
        faults: { type: 'array', items: fault },
      },
    },
    expect: {
      type: 'object', additionalProperties: false, description: 'pass criteria (demo table, OTA regression gate)',
      properties: {
        collision: { type: 'boolean' },
        assistActiveAtEnd: { type: 'boolean' },
        minImpactSpeedKph: num('a collision at least this fast (to show a defect) [km/h]', { minimum: 0 }),
        accLimits: { type: 'boolean', description: 'ISO 15622 limits hold outside warnings and emergency braking' },
        steadyGap: { type: 'object', required: ['fromS', 'toS', 'tolerance'], additionalProperties: false,
          properties: { fromS: { type: 'number' }, toS: { type: 'number' }, tolerance: { type: 'number' } } },
        eventsBy: { type: 'object', additionalProperties: { type: 'number' }, description: 'event → latest time [s]' },
        eventsAbsent: { type: 'array', items: { type: 'string' } },
        maxDecelMps2: { type: 'number' },
        maxImpactSpeedKph: { type: 'number', minimum: 0 },
        minFinalSpeedKph: { type: 'number', minimum: 0 },
      },
    },
    variants: {
      type: 'array', minItems: 1, description: 'explicit variants: each maps "path" → value (combined with grid)',
      items: { type: 'object', minProperties: 1, additionalProperties: { type: ['number', 'string', 'boolean'] } },
    },
    grid: {
      type: 'object', description: 'variants: "path[,path…]" → values; the cartesian product of all keys',
      additionalProperties: { type: 'array', minItems: 1, items: { type: ['number', 'string', 'boolean'] } },
    },
  },
} as const;
