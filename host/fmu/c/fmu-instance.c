/* Instance life cycle: instantiate, set up, initialise, terminate, reset, free (FMI 2.0 sections 2.1.5, 4.2.4). */
#include <math.h>
#include <pthread.h>
#include <string.h>
#include "fmu-internal.h"

static pthread_once_t module_once = PTHREAD_ONCE_INIT;
static void init_module(void) {
  wasm_rt_init();
  FW_INIT_MODULE();
}

/* Inputs start at their declared start values, so the instance matches its modelDescription. */
static void power_on(hpa_component_t *c) {
  FW_RESET(&c->fw);
  for (int i = 0; i < HPA_N_VARS; i++) {
    if (HPA_VARS[i].causality == HPA_INPUT) memcpy(c->base + HPA_VARS[i].offset, &HPA_VARS[i].start, sizeof(double));
  }
  c->cycles = 0;
  c->start_time_s = 0;
}

FMI2_EXPORT const char *fmi2GetTypesPlatform(void) { return "default"; }
FMI2_EXPORT const char *fmi2GetVersion(void) { return "2.0"; }

FMI2_EXPORT fmi2Component fmi2Instantiate(fmi2String instanceName, fmi2Type fmuType, fmi2String fmuGUID,
                                          fmi2String fmuResourceLocation, const fmi2CallbackFunctions *functions,
                                          fmi2Boolean visible, fmi2Boolean loggingOn) {
  (void)fmuResourceLocation; (void)visible;
  if (!functions || !functions->logger) return NULL; /* nothing to report through */
  /* A stack instance so the refusals below can use the normal logging path. */
  hpa_component_t probe = { .logger = functions->logger, .env = functions->componentEnvironment,
                            .name = (char *)(instanceName ? instanceName : "?") };
  const char *fn = "fmi2Instantiate";
  if (!functions->allocateMemory || !functions->freeMemory) { hpa_refuse(&probe, fn, "allocateMemory and freeMemory callbacks are required"); return NULL; }
  if (!instanceName || !*instanceName) { hpa_refuse(&probe, fn, "instanceName is missing"); return NULL; }
  if (fmuType != fmi2CoSimulation) { hpa_refuse(&probe, fn, "this FMU supports co-simulation only, not model exchange"); return NULL; }
  if (!fmuGUID || strcmp(fmuGUID, HPA_GUID) != 0) {
    hpa_refuse(&probe, fn, "GUID %s does not match this binary's %s (modelDescription.xml from another build)", fmuGUID ? fmuGUID : "(null)", HPA_GUID);
    return NULL;
  }
  hpa_component_t *c = functions->allocateMemory(1, sizeof *c);
  char *name = functions->allocateMemory(strlen(instanceName) + 1, 1);
  if (!c || !name) {
    hpa_refuse(&probe, fn, "out of memory");
    if (c) functions->freeMemory(c);
    if (name) functions->freeMemory(name);
    return NULL;
  }
  memset(c, 0, sizeof *c);
  strcpy(name, instanceName);
  c->logger = functions->logger;
  c->allocate = functions->allocateMemory;
  c->release = functions->freeMemory;
  c->env = functions->componentEnvironment;
  c->name = name;
  c->log_calls = loggingOn ? 1 : 0;
  pthread_once(&module_once, init_module);
  FW_INSTANTIATE(&c->fw);
  c->base = FW_MEMORY(&c->fw)->data + FW_LAYOUT_BASE(&c->fw);
  if (FW_ABI_HASH(&c->fw) != HPA_ABI_HASH) {
    hpa_refuse(c, fn, "firmware ABI hash 0x%08x differs from the model description's 0x%08x", FW_ABI_HASH(&c->fw), HPA_ABI_HASH);
    FW_FREE(&c->fw);
    c->release(c->name);
    c->release(c);
    return NULL;
  }
  power_on(c);
  c->state = S_INSTANTIATED;
  hpa_log_call(c, fn, "instance created (GUID %s)", HPA_GUID);
  return c;
}

FMI2_EXPORT void fmi2FreeInstance(fmi2Component component) {
  hpa_component_t *c = component;
  if (!hpa_allowed(c, "fmi2FreeInstance", S_ANY_BUT_FATAL)) return;
  hpa_log_call(c, "fmi2FreeInstance", "");
  FW_FREE(&c->fw);
  fmi2CallbackFreeMemory release = c->release;
  release(c->name);
  release(c);
}

FMI2_EXPORT fmi2Status fmi2SetDebugLogging(fmi2Component component, fmi2Boolean loggingOn, size_t nCategories, const fmi2String categories[]) {
  hpa_component_t *c = component;
  const char *fn = "fmi2SetDebugLogging";
  if (!hpa_allowed(c, fn, S_ANY_BUT_FATAL)) return fmi2Error;
  if (nCategories > 0 && !categories) return hpa_refuse(c, fn, "categories is NULL");
  int calls = nCategories == 0;
  for (size_t i = 0; i < nCategories; i++) {
    if (!categories[i]) return hpa_refuse(c, fn, "category %zu is NULL", i);
    if (strcmp(categories[i], "logCalls") == 0) calls = 1;
    else if (strcmp(categories[i], "logStatusError") != 0 && strcmp(categories[i], "logStatusWarning") != 0) {
      return hpa_refuse(c, fn, "unknown log category \"%s\" (logStatusError, logStatusWarning, logCalls)", categories[i]);
    }
  }
  c->log_calls = loggingOn && calls;
  return fmi2OK;
}

FMI2_EXPORT fmi2Status fmi2SetupExperiment(fmi2Component component, fmi2Boolean toleranceDefined, fmi2Real tolerance,
                                           fmi2Real startTime, fmi2Boolean stopTimeDefined, fmi2Real stopTime) {
  hpa_component_t *c = component;
  const char *fn = "fmi2SetupExperiment";
  (void)toleranceDefined; (void)tolerance; /* a discrete-time model: no tolerance to honour */
  if (!hpa_allowed(c, fn, S_INSTANTIATED)) return fmi2Error;
  if (!isfinite(startTime)) return hpa_refuse(c, fn, "startTime is not finite");
  if (stopTimeDefined && !(stopTime >= startTime)) return hpa_refuse(c, fn, "stopTime %g s is before startTime %g s", stopTime, startTime);
  c->start_time_s = startTime;
  hpa_log_call(c, fn, "startTime %g s", startTime);
  return fmi2OK;
}

FMI2_EXPORT fmi2Status fmi2EnterInitializationMode(fmi2Component component) {
  hpa_component_t *c = component;
  if (!hpa_allowed(c, "fmi2EnterInitializationMode", S_INSTANTIATED)) return fmi2Error;
  c->state = S_INIT;
  return fmi2OK;
}

FMI2_EXPORT fmi2Status fmi2ExitInitializationMode(fmi2Component component) {
  hpa_component_t *c = component;
  if (!hpa_allowed(c, "fmi2ExitInitializationMode", S_INIT)) return fmi2Error;
  FW_APPLY_CALIBRATION(&c->fw); /* calibration as set during initialisation; timers to cycles */
  c->state = S_STEP_COMPLETE;
  return fmi2OK;
}

FMI2_EXPORT fmi2Status fmi2Terminate(fmi2Component component) {
  hpa_component_t *c = component;
  if (!hpa_allowed(c, "fmi2Terminate", S_STEP_COMPLETE | S_STEP_FAILED)) return fmi2Error;
  c->state = S_TERMINATED;
  return fmi2OK;
}

FMI2_EXPORT fmi2Status fmi2Reset(fmi2Component component) {
  hpa_component_t *c = component;
  if (!hpa_allowed(c, "fmi2Reset", S_ANY_BUT_FATAL)) return fmi2Error;
  power_on(c);
  c->state = S_INSTANTIATED;
  return fmi2OK;
}
