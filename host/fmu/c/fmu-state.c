/* FMU state (FMI 2.0 section 2.1.8): a copy of the firmware's whole layout region (inputs, outputs,
 * calibration, state block with the event data recorder) and the FMU's clock. Serialised, it is
 * that same record, prefixed by a magic and the ABI hash so a foreign blob is refused. */
#include <string.h>
#include "fmu-internal.h"

#define STATE_MAGIC 0x48504146u /* "HPAF" */

typedef struct {
  uint32_t magic;
  uint32_t abi_hash;
  int32_t fsm_state; /* the state machine's state when taken: restoring resumes there */
  int32_t reserved;
  double start_time_s;
  uint64_t cycles;
  uint8_t layout[HPA_LAYOUT_BYTES];
} hpa_fmu_state_t;

static const int STATE_STATES = S_ANY_BUT_FATAL;
/* A state taken after an error would restore the error: FMI 2.0 wants one taken before it. */
static const int GET_STATE_STATES = S_ANY_BUT_FATAL & ~S_ERROR;

FMI2_EXPORT fmi2Status fmi2GetFMUstate(fmi2Component component, fmi2FMUstate *FMUstate) {
  hpa_component_t *c = component;
  const char *fn = "fmi2GetFMUstate";
  if (!hpa_allowed(c, fn, GET_STATE_STATES)) return fmi2Error;
  if (!FMUstate) return hpa_refuse(c, fn, "FMUstate is NULL");
  hpa_fmu_state_t *s = *FMUstate; /* non-NULL: a state from an earlier call, overwritten in place */
  if (s && s->magic != STATE_MAGIC) return hpa_refuse(c, fn, "*FMUstate is not a state of this FMU");
  if (!s && !(s = c->allocate(1, sizeof *s))) return hpa_refuse(c, fn, "out of memory");
  s->magic = STATE_MAGIC;
  s->abi_hash = HPA_ABI_HASH;
  s->fsm_state = c->state;
  s->reserved = 0;
  s->start_time_s = c->start_time_s;
  s->cycles = c->cycles;
  memcpy(s->layout, c->base, HPA_LAYOUT_BYTES);
  *FMUstate = s;
  return fmi2OK;
}

FMI2_EXPORT fmi2Status fmi2SetFMUstate(fmi2Component component, fmi2FMUstate FMUstate) {
  hpa_component_t *c = component;
  const char *fn = "fmi2SetFMUstate";
  if (!hpa_allowed(c, fn, STATE_STATES)) return fmi2Error;
  const hpa_fmu_state_t *s = FMUstate;
  if (!s) return hpa_refuse(c, fn, "FMUstate is NULL");
  if (s->magic != STATE_MAGIC || s->abi_hash != HPA_ABI_HASH || !(s->fsm_state & GET_STATE_STATES) || (s->fsm_state & (s->fsm_state - 1))) {
    return hpa_refuse(c, fn, "FMUstate is not a state of this FMU");
  }
  memcpy(c->base, s->layout, HPA_LAYOUT_BYTES);
  c->start_time_s = s->start_time_s;
  c->cycles = s->cycles;
  c->state = s->fsm_state; /* e.g. StepComplete, also out of the Error state (FMI 2.0 section 2.1.3) */
  FW_APPLY_CALIBRATION(&c->fw); /* the restored calibration's timers, in cycles */
  return fmi2OK;
}

FMI2_EXPORT fmi2Status fmi2FreeFMUstate(fmi2Component component, fmi2FMUstate *FMUstate) {
  hpa_component_t *c = component;
  const char *fn = "fmi2FreeFMUstate";
  if (!hpa_allowed(c, fn, STATE_STATES)) return fmi2Error;
  if (!FMUstate) return hpa_refuse(c, fn, "FMUstate is NULL");
  const hpa_fmu_state_t *direct = (const hpa_fmu_state_t *)FMUstate;
  if (direct->magic == STATE_MAGIC && direct->abi_hash == HPA_ABI_HASH) {
    /* The state itself instead of the variable holding it (fmusim at Reference-FMUs c8d4e6d does
     * this): its first 8 bytes are our magic and ABI hash, never a valid pointer. Free what was
     * meant rather than crash the importer; its variable cannot be set to NULL. */
    c->logger(c->env, c->name, fmi2Warning, "logStatusWarning", "%s",
              "fmi2FreeFMUstate: given the FMU state itself, not a pointer to it; freed it (the caller's variable was not set to NULL)");
    c->release((void *)FMUstate);
    return fmi2OK;
  }
  if (*FMUstate && ((hpa_fmu_state_t *)*FMUstate)->magic != STATE_MAGIC) return hpa_refuse(c, fn, "*FMUstate is not a state of this FMU");
  if (*FMUstate) c->release(*FMUstate);
  *FMUstate = NULL;
  return fmi2OK;
}

FMI2_EXPORT fmi2Status fmi2SerializedFMUstateSize(fmi2Component component, fmi2FMUstate FMUstate, size_t *size) {
  hpa_component_t *c = component;
  const char *fn = "fmi2SerializedFMUstateSize";
  if (!hpa_allowed(c, fn, STATE_STATES)) return fmi2Error;
  if (!FMUstate || !size) return hpa_refuse(c, fn, "FMUstate or size is NULL");
  *size = sizeof(hpa_fmu_state_t);
  return fmi2OK;
}

FMI2_EXPORT fmi2Status fmi2SerializeFMUstate(fmi2Component component, fmi2FMUstate FMUstate, fmi2Byte serializedState[], size_t size) {
  hpa_component_t *c = component;
  const char *fn = "fmi2SerializeFMUstate";
  if (!hpa_allowed(c, fn, STATE_STATES)) return fmi2Error;
  if (!FMUstate || !serializedState) return hpa_refuse(c, fn, "FMUstate or serializedState is NULL");
  if (size < sizeof(hpa_fmu_state_t)) return hpa_refuse(c, fn, "buffer of %zu bytes is smaller than the %zu-byte state", size, sizeof(hpa_fmu_state_t));
  memcpy(serializedState, FMUstate, sizeof(hpa_fmu_state_t));
  return fmi2OK;
}

FMI2_EXPORT fmi2Status fmi2DeSerializeFMUstate(fmi2Component component, const fmi2Byte serializedState[], size_t size, fmi2FMUstate *FMUstate) {
  hpa_component_t *c = component;
  const char *fn = "fmi2DeSerializeFMUstate";
  if (!hpa_allowed(c, fn, STATE_STATES)) return fmi2Error;
  if (!serializedState || !FMUstate) return hpa_refuse(c, fn, "serializedState or FMUstate is NULL");
  if (size != sizeof(hpa_fmu_state_t)) return hpa_refuse(c, fn, "serialized state has %zu bytes, this FMU's have %zu", size, sizeof(hpa_fmu_state_t));
  struct { uint32_t magic, abi_hash; } header; /* the first two fields of hpa_fmu_state_t */
  memcpy(&header, serializedState, sizeof header);
  if (header.magic != STATE_MAGIC || header.abi_hash != HPA_ABI_HASH) return hpa_refuse(c, fn, "serialized state is from another FMU or ABI");
  hpa_fmu_state_t *s = *FMUstate;
  if (s && s->magic != STATE_MAGIC) return hpa_refuse(c, fn, "*FMUstate is not a state of this FMU");
  if (!s && !(s = c->allocate(1, sizeof *s))) return hpa_refuse(c, fn, "out of memory");
  memcpy(s, serializedState, sizeof *s);
  *FMUstate = s;
  return fmi2OK;
}
