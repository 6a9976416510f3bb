// FMI 2.0 UnitDefinitions for the unit strings abi/signals.ts uses: SI base-unit exponents
// (and a factor) so an importer can convert; a unit not listed here is declared without a BaseUnit.
export interface BaseUnit { m?: number; s?: number; factor?: number }

const BASE_UNITS: Record<string, BaseUnit> = {
  'm': { m: 1 },
  'm/s': { m: 1, s: -1 },
  'm/s2': { m: 1, s: -2 },
  'm/s3': { m: 1, s: -3 },
  's': { s: 1 },
  '1/s': { s: -1 },
  '1/m': { m: -1 },
  // One firmware cycle is 10 ms (CYCLE_S).
  'cycles': { s: 1, factor: 0.01 },
  // Dimensionless counts, flags, enumerations and bit sets.
  '1': {}, 'bool': {}, 'enum': {}, 'bits': {}, 'samples': {},
};

export function baseUnit(unit: string): BaseUnit | undefined {
  return BASE_UNITS[unit];
}
