/* fmi2DoStep: a communication step of n × 10 ms runs the firmware n cycles with the inputs held
 * (FMI 2.0 section 4.2.2). The step size and the communication point are checked first. */
#include <math.h>
#include "fmu-internal.h"
#include "wasm-rt-impl.h"

/* Communication points are sums of doubles: accept an error far below a cycle, never a fraction of one. */
static const double TIME_TOLERANCE_S = 1e-9;

FMI2_EXPORT fmi2Status fmi2DoStep(fmi2Component component, fmi2Real currentCommunicationPoint, fmi2Real communicationStepSize,
                                  fmi2Boolean noSetFMUStatePriorToCurrentPoint) {
  hpa_component_t *c = component;
  const char *fn = "fmi2DoStep";
  (void)noSetFMUStatePriorToCurrentPoint;
  if (!hpa_allowed(c, fn, S_STEP_COMPLETE)) return fmi2Error;
  const double h = communicationStepSize;
  const double n_real = isfinite(h) ? nearbyint(h / HPA_CYCLE_S) : 0;
  if (!(h > 0) || n_real < 1 || fabs(h - n_real * HPA_CYCLE_S) > TIME_TOLERANCE_S * (1 + n_real)) {
    return hpa_refuse(c, fn, "communication step %.17g s is not a positive multiple of the firmware cycle %g s", h, HPA_CYCLE_S);
  }
  const double now = hpa_time_s(c);
  if (!(fabs(currentCommunicationPoint - now) <= TIME_TOLERANCE_S * (1 + fabs(now)))) {
    return hpa_refuse(c, fn, "communication point %.17g s is not the FMU's time %.17g s", currentCommunicationPoint, now);
  }
  const uint64_t n = (uint64_t)n_real;
  hpa_log_call(c, fn, "t = %g s, %llu cycles", now, (unsigned long long)n);
  /* The release firmware never traps; if a build ever did, report it instead of aborting the importer. */
  wasm_rt_trap_t trap = wasm_rt_impl_try();
  if (trap != WASM_RT_TRAP_NONE) {
    c->state = S_ERROR;
    return hpa_refuse(c, fn, "the firmware trapped: %s", wasm_rt_strerror(trap));
  }
  for (uint64_t i = 0; i < n; i++) {
    FW_STEP(&c->fw);
    c->cycles++;
  }
  return fmi2OK;
}

/* A call this FMU has no answer for: refused with the reason, after the state check (a call in the
 * wrong state is reported as that). */
static fmi2Status unsupported_call(hpa_component_t *c, const char *fn, int states, const char *why) {
  if (!hpa_allowed(c, fn, states)) return fmi2Error;
  return hpa_refuse(c, fn, "%s", why);
}

FMI2_EXPORT fmi2Status fmi2CancelStep(fmi2Component component) {
  return unsupported_call(component, "fmi2CancelStep", S_ANY_BUT_FATAL, "fmi2DoStep always completes synchronously (canRunAsynchronuously=false)");
}

FMI2_EXPORT fmi2Status fmi2SetRealInputDerivatives(fmi2Component component, const fmi2ValueReference vr[], size_t nvr,
                                                   const fmi2Integer order[], const fmi2Real value[]) {
  (void)vr; (void)nvr; (void)order; (void)value;
  return unsupported_call(component, "fmi2SetRealInputDerivatives", S_ANY_BUT_FATAL, "inputs are sampled, not interpolated (canInterpolateInputs=false)");
}

FMI2_EXPORT fmi2Status fmi2GetRealOutputDerivatives(fmi2Component component, const fmi2ValueReference vr[], size_t nvr,
                                                    const fmi2Integer order[], fmi2Real value[]) {
  (void)vr; (void)nvr; (void)order; (void)value;
  return unsupported_call(component, "fmi2GetRealOutputDerivatives", S_ANY_BUT_FATAL, "no output derivatives (maxOutputDerivativeOrder=0)");
}

#define STATUS_STATES (S_STEP_COMPLETE | S_STEP_FAILED | S_TERMINATED)

/* The checks of a status query that can answer: the state, a value pointer, the one kind it has. */
static fmi2Status status_query(hpa_component_t *c, const char *fn, const void *value, int is_its_kind, const char *only) {
  if (!hpa_allowed(c, fn, STATUS_STATES)) return fmi2Error;
  if (!value) return hpa_refuse(c, fn, "value is NULL");
  if (!is_its_kind) return hpa_refuse(c, fn, "%s", only);
  return fmi2OK;
}

FMI2_EXPORT fmi2Status fmi2GetStatus(fmi2Component component, const fmi2StatusKind s, fmi2Status *value) {
  (void)s; (void)value;
  return unsupported_call(component, "fmi2GetStatus", STATUS_STATES, "no asynchronous step status (fmi2DoStep never returns fmi2Pending)");
}

FMI2_EXPORT fmi2Status fmi2GetRealStatus(fmi2Component component, const fmi2StatusKind s, fmi2Real *value) {
  hpa_component_t *c = component;
  const fmi2Status status = status_query(c, "fmi2GetRealStatus", value, s == fmi2LastSuccessfulTime, "only fmi2LastSuccessfulTime is a Real status");
  if (status == fmi2OK) *value = hpa_time_s(c);
  return status;
}

FMI2_EXPORT fmi2Status fmi2GetIntegerStatus(fmi2Component component, const fmi2StatusKind s, fmi2Integer *value) {
  (void)s; (void)value;
  return unsupported_call(component, "fmi2GetIntegerStatus", STATUS_STATES, "FMI 2.0 defines no Integer status");
}

FMI2_EXPORT fmi2Status fmi2GetBooleanStatus(fmi2Component component, const fmi2StatusKind s, fmi2Boolean *value) {
  const fmi2Status status = status_query(component, "fmi2GetBooleanStatus", value, s == fmi2Terminated, "only fmi2Terminated is a Boolean status");
  if (status == fmi2OK) *value = fmi2False; /* the firmware never asks to end the simulation */
  return status;
}

FMI2_EXPORT fmi2Status fmi2GetStringStatus(fmi2Component component, const fmi2StatusKind s, fmi2String *value) {
  (void)s; (void)value;
  return unsupported_call(component, "fmi2GetStringStatus", STATUS_STATES, "no pending step to describe");
}
