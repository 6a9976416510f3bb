/* A minimal FMI 2.0 co-simulation importer for the tests: dlopens binaries/linux64/<id>.so and
 * drives it the way a master does. Types come from host/fmu/c/fmi2.h (written from the spec).
 *   importer run <so> <guid> <frames.bin> <nIn> <nOut> <out.bin> [<calVr> <calValue> <calCycle>]
 *     10 ms steps over the frames: set inputs, doStep, get outputs (written to out.bin per cycle);
 *     optionally sets one parameter between steps before cycle calCycle.
 *   importer state <so> <guid> <frames.bin> <nIn> <nOut>
 *     get/set FMU state, serialize/deserialize, and one 30 ms step against three 10 ms steps (JSON).
 *   importer errors <so> <guid> <nIn> <nOut> <paramVr> <paramMax> <localVr> <nVars>
 *     every misuse case, one JSON line each: status and the logged reason. */
#include <dlfcn.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fmi2.h"
#include "frames.h" /* bench/native: the frame files the bench harnesses read */

#define F(name, ret, ...) typedef ret (*name##_t)(__VA_ARGS__); static name##_t name;
F(fmi2Instantiate, fmi2Component, fmi2String, fmi2Type, fmi2String, fmi2String, const fmi2CallbackFunctions *, fmi2Boolean, fmi2Boolean)
F(fmi2FreeInstance, void, fmi2Component)
F(fmi2SetupExperiment, fmi2Status, fmi2Component, fmi2Boolean, fmi2Real, fmi2Real, fmi2Boolean, fmi2Real)
F(fmi2EnterInitializationMode, fmi2Status, fmi2Component)
F(fmi2ExitInitializationMode, fmi2Status, fmi2Component)
F(fmi2Terminate, fmi2Status, fmi2Component)
F(fmi2GetReal, fmi2Status, fmi2Component, const fmi2ValueReference *, size_t, fmi2Real *)
F(fmi2SetReal, fmi2Status, fmi2Component, const fmi2ValueReference *, size_t, const fmi2Real *)
F(fmi2GetInteger, fmi2Status, fmi2Component, const fmi2ValueReference *, size_t, fmi2Integer *)
F(fmi2DoStep, fmi2Status, fmi2Component, fmi2Real, fmi2Real, fmi2Boolean)
F(fmi2GetFMUstate, fmi2Status, fmi2Component, fmi2FMUstate *)
F(fmi2SetFMUstate, fmi2Status, fmi2Component, fmi2FMUstate)
F(fmi2FreeFMUstate, fmi2Status, fmi2Component, fmi2FMUstate *)
F(fmi2SerializedFMUstateSize, fmi2Status, fmi2Component, fmi2FMUstate, size_t *)
F(fmi2SerializeFMUstate, fmi2Status, fmi2Component, fmi2FMUstate, fmi2Byte *, size_t)
F(fmi2DeSerializeFMUstate, fmi2Status, fmi2Component, const fmi2Byte *, size_t, fmi2FMUstate *)
F(fmi2CancelStep, fmi2Status, fmi2Component)
F(fmi2GetStatus, fmi2Status, fmi2Component, const fmi2StatusKind, fmi2Status *)
F(fmi2GetRealStatus, fmi2Status, fmi2Component, const fmi2StatusKind, fmi2Real *)
F(fmi2GetBooleanStatus, fmi2Status, fmi2Component, const fmi2StatusKind, fmi2Boolean *)

static char last_message[1024];
static int last_status = -1;
static void logger(fmi2ComponentEnvironment env, fmi2String name, fmi2Status status, fmi2String category, fmi2String message, ...) {
  (void)env; (void)name; (void)category;
  va_list ap;
  va_start(ap, message);
  vsnprintf(last_message, sizeof last_message, message, ap);
  va_end(ap);
  last_status = status;
}
static const fmi2CallbackFunctions callbacks = { logger, calloc, free, NULL, NULL };
static const char *guid;
static long n_in, n_out;

static void *sym(void *lib, const char *name) {
  void *p = dlsym(lib, name);
  if (!p) { fprintf(stderr, "missing symbol %s\n", name); exit(2); }
  return p;
}

static void load(const char *so) {
  void *lib = dlopen(so, RTLD_NOW | RTLD_LOCAL);
  if (!lib) { fprintf(stderr, "dlopen: %s\n", dlerror()); exit(2); }
#define L(name) name = (name##_t)sym(lib, #name);
  L(fmi2Instantiate) L(fmi2FreeInstance) L(fmi2SetupExperiment) L(fmi2EnterInitializationMode) L(fmi2ExitInitializationMode)
  L(fmi2Terminate) L(fmi2GetReal) L(fmi2SetReal) L(fmi2GetInteger) L(fmi2DoStep) L(fmi2GetFMUstate) L(fmi2SetFMUstate)
  L(fmi2FreeFMUstate) L(fmi2SerializedFMUstateSize) L(fmi2SerializeFMUstate) L(fmi2DeSerializeFMUstate)
  L(fmi2CancelStep) L(fmi2GetStatus) L(fmi2GetRealStatus) L(fmi2GetBooleanStatus)
}

static void check(fmi2Status s, const char *what) {
  if (s != fmi2OK) { fprintf(stderr, "%s returned %d: %s\n", what, s, last_message); exit(3); }
}

static fmi2Component start(void) {
  fmi2Component c = fmi2Instantiate("test", fmi2CoSimulation, guid, "file:///tmp", &callbacks, fmi2False, fmi2False);
  if (!c) { fprintf(stderr, "fmi2Instantiate failed: %s\n", last_message); exit(3); }
  check(fmi2SetupExperiment(c, fmi2False, 0, 0, fmi2False, 0), "fmi2SetupExperiment");
  check(fmi2EnterInitializationMode(c), "fmi2EnterInitializationMode");
  check(fmi2ExitInitializationMode(c), "fmi2ExitInitializationMode");
  return c;
}

static fmi2ValueReference *in_vr, *out_vr;
static void make_vrs(void) {
  in_vr = malloc(n_in * sizeof *in_vr);
  out_vr = malloc(n_out * sizeof *out_vr);
  for (long i = 0; i < n_in; i++) in_vr[i] = (fmi2ValueReference)(1 + i);
  for (long i = 0; i < n_out; i++) out_vr[i] = (fmi2ValueReference)(1 + n_in + i);
}

/* One 10 ms cycle per frame from `from` to `to`; outputs of each cycle into out (may be NULL). */
static void drive(fmi2Component c, const double *frames, long from, long to, long step_cycles, double *out) {
  for (long k = from; k < to; k += step_cycles) {
    check(fmi2SetReal(c, in_vr, n_in, frames + k * n_in), "fmi2SetReal");
    check(fmi2DoStep(c, k * 0.01, step_cycles * 0.01, fmi2True), "fmi2DoStep");
    if (out) check(fmi2GetReal(c, out_vr, n_out, out + (k - from) * n_out), "fmi2GetReal");
  }
}

#include "importer-cases.h"

int main(int argc, char **argv) {
  if (argc < 3) { fprintf(stderr, "usage: see source\n"); return 2; }
  load(argv[2]);
  guid = argv[3];
  if (strcmp(argv[1], "run") == 0 && argc >= 8) {
    n_in = atol(argv[5]); n_out = atol(argv[6]);
    make_vrs();
    long n;
    double *frames = read_frames(argv[4], n_in, &n);
    fmi2ValueReference cal_vr = argc >= 11 ? (fmi2ValueReference)atol(argv[8]) : 0;
    double cal_value = argc >= 11 ? atof(argv[9]) : 0;
    long cal_cycle = argc >= 11 ? atol(argv[10]) : -1;
    fmi2Component c = start();
    double *out = malloc(n * n_out * sizeof(double));
    for (long k = 0; k < n; k++) {
      if (k == cal_cycle) check(fmi2SetReal(c, &cal_vr, 1, &cal_value), "fmi2SetReal (parameter)");
      drive(c, frames, k, k + 1, 1, out + k * n_out);
    }
    FILE *f = fopen(argv[7], "wb");
    fwrite(out, sizeof(double), n * n_out, f);
    fclose(f);
    check(fmi2Terminate(c), "fmi2Terminate");
    fmi2FreeInstance(c);
    printf("{\"cycles\":%ld}\n", n);
    return 0;
  }
  if (strcmp(argv[1], "state") == 0 && argc >= 7) {
    n_in = atol(argv[5]); n_out = atol(argv[6]);
    make_vrs();
    long n;
    double *frames = read_frames(argv[4], n_in, &n);
    return state_cases(frames, n);
  }
  if (strcmp(argv[1], "errors") == 0 && argc >= 10) {
    n_in = atol(argv[4]); n_out = atol(argv[5]);
    make_vrs();
    return error_cases((fmi2ValueReference)atol(argv[6]), atof(argv[7]), (fmi2ValueReference)atol(argv[8]), atol(argv[9]));
  }
  fprintf(stderr, "usage: see source\n");
  return 2;
}
