/* Variable access: every variable is an f64 slot of the firmware's layout (FMI 2.0 section 2.1.7).
 * Parameters (the calibration) are range-checked, written, then re-applied by the firmware. */
#include <string.h>
#include "fmu-internal.h"

static const char *causality_name(int causality) {
  switch (causality) {
    case HPA_INPUT: return "an input";
    case HPA_OUTPUT: return "an output";
    case HPA_PARAMETER: return "a parameter";
    default: return "a local (state block) variable";
  }
}

static int known(hpa_component_t *c, const char *fn, fmi2ValueReference vr) {
  if (vr >= 1 && vr <= HPA_N_VARS) return 1;
  hpa_refuse(c, fn, "unknown value reference %u (valid: 1 to %d)", vr, HPA_N_VARS);
  return 0;
}

static int arrays_ok(hpa_component_t *c, const char *fn, const fmi2ValueReference *vr, size_t nvr, const void *values) {
  if (nvr > 0 && (!vr || !values)) { hpa_refuse(c, fn, "vr or value array is NULL"); return 0; }
  return 1;
}

FMI2_EXPORT fmi2Status fmi2GetReal(fmi2Component component, const fmi2ValueReference vr[], size_t nvr, fmi2Real value[]) {
  hpa_component_t *c = component;
  const char *fn = "fmi2GetReal";
  if (!hpa_allowed(c, fn, S_INIT | S_STEP_COMPLETE | S_STEP_FAILED | S_TERMINATED | S_ERROR)) return fmi2Error;
  if (!arrays_ok(c, fn, vr, nvr, value)) return fmi2Error;
  for (size_t i = 0; i < nvr; i++) {
    if (!known(c, fn, vr[i])) return fmi2Error;
    memcpy(&value[i], c->base + HPA_VARS[vr[i] - 1].offset, sizeof(double));
  }
  return fmi2OK;
}

FMI2_EXPORT fmi2Status fmi2SetReal(fmi2Component component, const fmi2ValueReference vr[], size_t nvr, const fmi2Real value[]) {
  hpa_component_t *c = component;
  const char *fn = "fmi2SetReal";
  if (!hpa_allowed(c, fn, S_INSTANTIATED | S_INIT | S_STEP_COMPLETE)) return fmi2Error;
  if (!arrays_ok(c, fn, vr, nvr, value)) return fmi2Error;
  /* Check every value first: a refused call changes nothing. */
  int calibration = 0;
  for (size_t i = 0; i < nvr; i++) {
    if (!known(c, fn, vr[i])) return fmi2Error;
    const hpa_var_t *v = &HPA_VARS[vr[i] - 1];
    if (v->causality == HPA_OUTPUT || v->causality == HPA_LOCAL) {
      return hpa_refuse(c, fn, "%s is %s and cannot be set", v->name, causality_name(v->causality));
    }
    if (v->causality == HPA_PARAMETER) {
      /* Written so that NaN fails too. Inputs are not checked: the firmware's own plausibility
       * check must see implausible sensor values to flag them. */
      if (!(value[i] >= v->min && value[i] <= v->max)) {
        return hpa_refuse(c, fn, "%s = %.17g is outside its range %g to %g %s", v->name, value[i], v->min, v->max, v->unit);
      }
      calibration = 1;
    }
  }
  for (size_t i = 0; i < nvr; i++) memcpy(c->base + HPA_VARS[vr[i] - 1].offset, &value[i], sizeof(double));
  if (calibration) FW_APPLY_CALIBRATION(&c->fw); /* timers in seconds → cycles, once per change */
  return fmi2OK;
}

/* No Integer, Boolean or String variables: every signal of the firmware is an f64 slot. */
static fmi2Status none_of_type(fmi2Component component, const char *fn, int states, const void *vr, size_t nvr, const void *value, const char *type) {
  hpa_component_t *c = component;
  if (!hpa_allowed(c, fn, states)) return fmi2Error;
  if (!arrays_ok(c, fn, vr, nvr, value)) return fmi2Error;
  if (nvr > 0) return hpa_refuse(c, fn, "this FMU has no %s variables (every variable is Real)", type);
  return fmi2OK;
}

#define GET_STATES (S_INIT | S_STEP_COMPLETE | S_STEP_FAILED | S_TERMINATED | S_ERROR)
#define SET_STATES (S_INSTANTIATED | S_INIT | S_STEP_COMPLETE)

FMI2_EXPORT fmi2Status fmi2GetInteger(fmi2Component c, const fmi2ValueReference vr[], size_t nvr, fmi2Integer value[]) {
  return none_of_type(c, "fmi2GetInteger", GET_STATES, vr, nvr, value, "Integer");
}
FMI2_EXPORT fmi2Status fmi2GetBoolean(fmi2Component c, const fmi2ValueReference vr[], size_t nvr, fmi2Boolean value[]) {
  return none_of_type(c, "fmi2GetBoolean", GET_STATES, vr, nvr, value, "Boolean");
}
FMI2_EXPORT fmi2Status fmi2GetString(fmi2Component c, const fmi2ValueReference vr[], size_t nvr, fmi2String value[]) {
  return none_of_type(c, "fmi2GetString", GET_STATES, vr, nvr, value, "String");
}
FMI2_EXPORT fmi2Status fmi2SetInteger(fmi2Component c, const fmi2ValueReference vr[], size_t nvr, const fmi2Integer value[]) {
  return none_of_type(c, "fmi2SetInteger", SET_STATES, vr, nvr, value, "Integer");
}
FMI2_EXPORT fmi2Status fmi2SetBoolean(fmi2Component c, const fmi2ValueReference vr[], size_t nvr, const fmi2Boolean value[]) {
  return none_of_type(c, "fmi2SetBoolean", SET_STATES, vr, nvr, value, "Boolean");
}
FMI2_EXPORT fmi2Status fmi2SetString(fmi2Component c, const fmi2ValueReference vr[], size_t nvr, const fmi2String value[]) {
  return none_of_type(c, "fmi2SetString", SET_STATES, vr, nvr, value, "String");
}

FMI2_EXPORT fmi2Status fmi2GetDirectionalDerivative(fmi2Component component, const fmi2ValueReference vUnknown[], size_t nUnknown,
                                                    const fmi2ValueReference vKnown[], size_t nKnown, const fmi2Real dvKnown[], fmi2Real dvUnknown[]) {
  hpa_component_t *c = component;
  (void)vUnknown; (void)nUnknown; (void)vKnown; (void)nKnown; (void)dvKnown; (void)dvUnknown;
  if (!hpa_allowed(c, "fmi2GetDirectionalDerivative", S_ANY_BUT_FATAL)) return fmi2Error;
  return hpa_refuse(c, "fmi2GetDirectionalDerivative", "not provided (providesDirectionalDerivative=false)");
}
