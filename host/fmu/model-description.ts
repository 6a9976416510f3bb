// modelDescription.xml (FMI 2.0, co-simulation) generated from the FMU variable list.
import { CYCLE_S } from '../../abi/signals.js';
import { baseUnit } from './units.js';
import type { FmuVariable } from './variables.js';

export const MODEL_IDENTIFIER = 'hpa_ecu';

export interface ModelInfo {
  version: string;
  guid: string;
  firmwareSha256: string;
  abiHash: number;
  variables: FmuVariable[];
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
/** Shortest text that parses back to the same double (C strtod reads it exactly). */
const num = (x: number) => String(x);
const attrs = (a: Record<string, string | number | undefined>) =>
  Object.entries(a).map(([k, v]) => (v === undefined ? '' : ` ${k}="${typeof v === 'number' ? num(v) : esc(v)}"`)).join('');

function unitDefinitions(variables: FmuVariable[]): string {
  const units = [...new Set(variables.map((v) => v.unit))].sort();
  const lines = units.map((u) => {
    const b = baseUnit(u);
    if (!b) return `    <Unit${attrs({ name: u })}/>`;
    return `    <Unit${attrs({ name: u })}>\n      <BaseUnit${attrs({ m: b.m, s: b.s, factor: b.factor })}/>\n    </Unit>`;
  });
  return `  <UnitDefinitions>\n${lines.join('\n')}\n  </UnitDefinitions>`;
}

function scalarVariable(v: FmuVariable): string {
  const real = attrs({ unit: v.unit, min: v.min, max: v.max, start: v.start });
  return `    <ScalarVariable${attrs({ name: v.name, valueReference: v.valueReference, description: v.description, causality: v.causality, variability: v.variability })}>\n      <Real${real}/>\n    </ScalarVariable>`;
}

export function modelDescriptionXml(m: ModelInfo): string {
  // ModelStructure refers to variables by their 1-based position in ModelVariables.
  const outputIndexes = m.variables.map((v, i) => (v.causality === 'output' ? i + 1 : 0)).filter((i) => i > 0);
  const unknowns = outputIndexes.map((i) => `      <Unknown index="${i}"/>`).join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<fmiModelDescription${attrs({
    fmiVersion: '2.0',
    modelName: `HPA-ECU ${m.version}`,
    guid: m.guid,
    description: `HPA-ECU highway pilot firmware ${m.version} (sha256 ${m.firmwareSha256}, ABI hash 0x${m.abiHash.toString(16).padStart(8, '0')}), fixed step ${CYCLE_S} s`,
    author: 'HPA-ECU',
    version: m.version,
    generationTool: 'hpa fmu',
    variableNamingConvention: 'structured',
    numberOfEventIndicators: 0,
  })}>
  <CoSimulation${attrs({
    modelIdentifier: MODEL_IDENTIFIER,
    needsExecutionTool: 'false',
    canHandleVariableCommunicationStepSize: 'false',
    canInterpolateInputs: 'false',
    maxOutputDerivativeOrder: 0,
    canRunAsynchronuously: 'false',
    canBeInstantiatedOnlyOncePerProcess: 'false',
    canNotUseMemoryManagementFunctions: 'false',
    canGetAndSetFMUstate: 'true',
    canSerializeFMUstate: 'true',
    providesDirectionalDerivative: 'false',
  })}/>
${unitDefinitions(m.variables)}
  <LogCategories>
    <Category name="logStatusError" description="Refused calls: the reason an fmi2 function returned fmi2Error"/>
    <Category name="logStatusWarning" description="Misuse the FMU could still serve (an FMU state passed to fmi2FreeFMUstate by value)"/>
    <Category name="logCalls" description="Every fmi2 call (with fmi2SetDebugLogging)"/>
  </LogCategories>
  <DefaultExperiment${attrs({ startTime: 0, stepSize: CYCLE_S })}/>
  <ModelVariables>
${m.variables.map(scalarVariable).join('\n')}
  </ModelVariables>
  <ModelStructure>
    <Outputs>
${unknowns}
    </Outputs>
    <InitialUnknowns>
${unknowns}
    </InitialUnknowns>
  </ModelStructure>
</fmiModelDescription>
`;
}
