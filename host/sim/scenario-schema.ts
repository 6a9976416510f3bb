// The published JSON Schema (2020-12) of a scenario file. `hpa schema scenario` prints it;
// docs/scenarios.md explains each field.
const num = (description: string, extra: object = {}) => ({ type: 'number', description, ...extra });
const timeline = (description: string) => ({
  type: 'array', description,
  items: { type: 'object', required: ['atS', 'value'], additionalProperties: false,
    properties: { atS: num('time of the change [s]', { minimum: 0 }), value: { type: 'boolean' } } },
});
const objectKinds = ['car', 'truck', 'cone', 'barrier', 'pedestrian'];
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
    kind: { enum: objectKinds },
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
              kind: { enum: ['construction', 'speedLimit', 'curve', 'crest'] },
              startM: num('start along the road [m]'), endM: num('end along the road [m]'),
              closedLane: { type: 'integer', minimum: 0, maximum: 5 },
              announced: { type: 'boolean', description: 'construction: known to the map / ADAS horizon (default true)' },
              speedLimitKph: num('speedLimit: limit inside [km/h]', { minimum: 0, maximum: 250 }),
              radiusM: num('curve: horizontal radius; crest: vertical radius [m]', { minimum: 10 }),
              announceDistM: num('construction: the map announces the zone only this close to its start (late map data) [m]', { minimum: 0, maximum: 5000 }),
              mapErrorM: num('construction: the map places the start this much later (+) or earlier (−) than it is [m]', { minimum: -2000, maximum: 2000 }),
              sightClearanceM: num('curve: lateral clearance of the line of sight to the inside of the curve [m] (default 5)', { minimum: 0.5, maximum: 50 }),
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
      type: 'object', additionalProperties: false, description: 'the perception model (docs/perception.md)',
      properties: {
        movingRangeM: num('radar range for moving cars and trucks [m] (default 250)', { minimum: 10, maximum: 300 }),
        stationaryRangeM: num('one reliable range for every stationary kind [m] (legacy; default: per kind, see detectRangeM)', { minimum: 10, maximum: 300 }),
        detectRangeM: {
          type: 'object', additionalProperties: false, description: 'reliable range of a stationary object by kind, clear weather [m]',
          properties: Object.fromEntries(objectKinds.map((k) => [k, num(`${k} [m]`, { minimum: 5, maximum: 300 })])),
        },
        latencyMs: num('perception latency [ms]', { minimum: 0, maximum: 500 }),
        seed: { type: 'integer', minimum: 0 },
        distNoiseM: num('1-σ range noise at zero range [m]', { minimum: 0, maximum: 5 }),
        distNoisePerM: num('growth of the 1-σ range noise per metre of range [m/m]', { minimum: 0, maximum: 0.05 }),
        speedNoiseMps: num('1-σ relative speed noise at zero range [m/s]', { minimum: 0, maximum: 5 }),
        speedNoisePerM: num('growth of the 1-σ relative speed noise per metre of range [(m/s)/m]', { minimum: 0, maximum: 0.05 }),
        dropoutRate: num('probability a frame loses its object [0..1]', { minimum: 0, maximum: 1 }),
        weather: { enum: ['clear', 'rain', 'fog'] },
        visibilityM: num('meteorological visibility [m] (fog default 80)', { minimum: 10, maximum: 10000 }),
        tracker: {
          type: 'object', additionalProperties: false,
          properties: {
            confirmCycles: { type: 'integer', minimum: 1, maximum: 50, description: 'detections before a track is reported' },
            stationaryConfirmS: num('time a stationary object (or false return) must be seen before it is reported [s] (default 0.3)', { minimum: 0.01, maximum: 3 }),
            coastCycles: { type: 'integer', minimum: 0, maximum: 100, description: 'missed cycles a track survives' },
            accelTimeConstantS: num('time constant of the lead-acceleration estimate [s]', { minimum: 0.02, maximum: 3 }),
          },
        },
        misclassification: {
          type: 'object', additionalProperties: false,
          properties: {
            rate: num('share of tracks misclassified while far [0..1]', { minimum: 0, maximum: 1 }),
            beyondFraction: num('… beyond this fraction of the kind’s reliable stationary range (default: beyond the range where the kind spans 15 camera pixels)', { minimum: 0, maximum: 2 }),
            asKind: { enum: ['none', ...objectKinds] },
          },
        },
        occlusion: {
          type: 'object', additionalProperties: false,
          properties: {
            enabled: { type: 'boolean' },
            hiddenAboveCoveredFraction: num('an object is hidden when nearer objects cover more than this share of its width', { minimum: 0, maximum: 1 }),
          },
        },
        ghosts: {
          type: 'object', additionalProperties: false, description: 'false stationary returns (gantries, bridges, signs, manhole covers)',
          properties: {
            perKm: num('mean number per km of road', { minimum: 0, maximum: 50 }),
            kinds: { type: 'array', minItems: 1, items: { enum: ['gantry', 'bridge', 'sign', 'manhole'] } },
            reportedAs: { enum: ['none', ...objectKinds] },
          },
        },
        selfReport: {
          type: 'object', additionalProperties: false, description: 'the reported reliable stationary-detection range (input stationaryDetectRangeM)',
          properties: {
            forKind: { enum: objectKinds },
            bias: num('relative error of the report: +0.2 reports 20 % more than true', { minimum: -0.9, maximum: 1 }),
          },
        },
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
        maxPhantomBrakes: { type: 'integer', minimum: 0, description: 'at most this many phantom brakes in the run' },
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
