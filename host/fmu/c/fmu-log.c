/* Logging through the importer's callback and the state-machine guard every fmi2 call starts with. */
#include <stdarg.h>
#include <stdio.h>
#include "fmu-internal.h"

static const char *state_name(int s) {
  switch (s) {
    case S_INSTANTIATED: return "Instantiated";
    case S_INIT: return "InitializationMode";
    case S_STEP_COMPLETE: return "StepComplete";
    case S_STEP_FAILED: return "StepFailed";
    case S_TERMINATED: return "Terminated";
    case S_ERROR: return "Error";
    default: return "unknown";
  }
}

static void emit(hpa_component_t *c, fmi2Status status, const char *category, const char *fn, const char *fmt, va_list ap) {
  char message[512];
  int n = snprintf(message, sizeof message, "%s: ", fn);
  vsnprintf(message + n, sizeof message - (size_t)n, fmt, ap);
  /* The message goes in as an argument: a '%' in a name must not be read as a format. */
  c->logger(c->env, c->name, status, category, "%s", message);
}

fmi2Status hpa_refuse(hpa_component_t *c, const char *fn, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  emit(c, fmi2Error, "logStatusError", fn, fmt, ap);
  va_end(ap);
  /* FMI 2.0 section 2.1.3: after fmi2Error the instance may only be reset, freed, inspected or
   * set back to an FMU state taken before. */
  c->state = S_ERROR;
  return fmi2Error;
}

void hpa_log_call(hpa_component_t *c, const char *fn, const char *fmt, ...) {
  if (!c->log_calls) return;
  va_list ap;
  va_start(ap, fmt);
  emit(c, fmi2OK, "logCalls", fn, fmt, ap);
  va_end(ap);
}

int hpa_allowed(hpa_component_t *c, const char *fn, int states) {
  if (!c) return 0; /* no instance, so no logger to report through */
  if (c->state & states) return 1;
  hpa_refuse(c, fn, "not allowed in state %s (FMI 2.0 co-simulation state machine, section 4.2.4)", state_name(c->state));
  return 0;
}

double hpa_time_s(const hpa_component_t *c) {
  return c->start_time_s + (double)c->cycles * HPA_CYCLE_S;
}
