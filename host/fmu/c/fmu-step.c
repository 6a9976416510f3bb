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

FMI2_EXPORT fmi2Status fmi2CancelStep(fmi2Component component) {
  hpa_component_t *c = component;
  if (!hpa_allowed(c, "fmi2CancelStep", S_ANY_BUT_FATAL)) return fmi2Error;
  return hpa_refuse(c, "fmi2CancelStep", "fmi2DoStep always completes synchronously (canRunAsynchronuously=false)");
}

FMI2_EXPORT fmi2Status fmi2SetRealInputDerivatives(fmi2Component component, const fmi2ValueReference vr[], size_t nvr,
                                                   const fmi2Integer order[], const fmi2Real value[]) {
  hpa_component_t *c = component;
  (void)vr; (void)nvr; (void)order; (void)value;
  if (!hpa_allowed(c, "fmi2SetRealInputDerivatives", S_ANY_BUT_FATAL)) return fmi2Error;
  return hpa_refuse(c, "fmi2SetRealInputDerivatives", "inputs are sampled, not interpolated (canInterpolateInputs=false)");
}

FMI2_EXPORT fmi2Status fmi2GetRealOutputDerivatives(fmi2Component component, const fmi2ValueReference vr[], size_t nvr,
                                                    const fmi2Integer order[], fmi2Real value[]) {
  hpa_component_t *c = component;
  (void)vr; (void)nvr; (void)order; (void)value;
  if (!hpa_allowed(c, "fmi2GetRealOutputDerivatives", S_ANY_BUT_FATAL)) return fmi2Error;
  return hpa_refuse(c, "fmi2GetRealOutputDerivatives", "no output derivatives (maxOutputDerivativeOrder=0)");
}

#define STATUS_STATES (S_STEP_COMPLETE | S_STEP_FAILED | S_TERMINATED)

FMI2_EXPORT fmi2Status fmi2GetStatus(fmi2Component component, const fmi2StatusKind s, fmi2Status *value) {
  hpa_component_t *c = component;
  (void)s; (void)value;
  if (!hpa_allowed(c, "fmi2GetStatus", STATUS_STATES)) return fmi2Error;
  return hpa_refuse(c, "fmi2GetStatus", "no asynchronous step status (fmi2DoStep never returns fmi2Pending)");
}

FMI2_EXPORT fmi2Status fmi2GetRealStatus(fmi2Component component, const fmi2StatusKind s, fmi2Real *value) {
  hpa_component_t *c = component;
  if (!hpa_allowed(c, "fmi2GetRealStatus", STATUS_STATES)) return fmi2Error;
  if (!value) return hpa_refuse(c, "fmi2GetRealStatus", "value is NULL");
  if (s != fmi2LastSuccessfulTime) return hpa_refuse(c, "fmi2GetRealStatus", "only fmi2LastSuccessfulTime is a Real status");
  *value = hpa_time_s(c);
  return fmi2OK;
}

FMI2_EXPORT fmi2Status fmi2GetIntegerStatus(fmi2Component component, const fmi2StatusKind s, fmi2Integer *value) {
  hpa_component_t *c = component;
  (void)s; (void)value;
  if (!hpa_allowed(c, "fmi2GetIntegerStatus", STATUS_STATES)) return fmi2Error;
  return hpa_refuse(c, "fmi2GetIntegerStatus", "FMI 2.0 defines no Integer status");
}

FMI2_EXPORT fmi2Status fmi2GetBooleanStatus(fmi2Component component, const fmi2StatusKind s, fmi2Boolean *value) {
  hpa_component_t *c = component;
  if (!hpa_allowed(c, "fmi2GetBooleanStatus", STATUS_STATES)) return fmi2Error;
  if (!value) return hpa_refuse(c, "fmi2GetBooleanStatus", "value is NULL");
  if (s != fmi2Terminated) return hpa_refuse(c, "fmi2GetBooleanStatus", "only fmi2Terminated is a Boolean status");
  *value = fmi2False; /* the firmware never asks to end the simulation */
  return fmi2OK;
}

FMI2_EXPORT fmi2Status fmi2GetStringStatus(fmi2Component component, const fmi2StatusKind s, fmi2String *value) {
  hpa_component_t *c = component;
  (void)s; (void)value;
  if (!hpa_allowed(c, "fmi2GetStringStatus", STATUS_STATES)) return fmi2Error;
  return hpa_refuse(c, "fmi2GetStringStatus", "no pending step to describe");
}
