// The one spelling of a generated constant's name: `aebStandstillHold` → `AEB_STANDSTILL_HOLD`
// (generate-abi writes FEATURE_…, the variant and faulty builds refer to them).
export const constName = (s: string) => s.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
