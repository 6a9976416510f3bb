/* The state and misuse cases of importer.c (included there; shares its helpers). */
#include <stdint.h>

static int same(const double *a, const double *b, long n) { return memcmp(a, b, n * sizeof(double)) == 0; }

static int state_cases(const double *frames, long n) {
  const long k = n / 2, m = n - k < 500 ? n - k : 500;
  double *a = calloc(m * n_out, sizeof(double)), *b = calloc(m * n_out, sizeof(double));
  double *ser = calloc(m * n_out, sizeof(double)), *cold = calloc(m * n_out, sizeof(double));

  fmi2Component c = start();
  drive(c, frames, 0, k, 1, NULL);
  fmi2FMUstate s = NULL;
  check(fmi2GetFMUstate(c, &s), "fmi2GetFMUstate");
  drive(c, frames, k, k + m, 1, a);
  check(fmi2SetFMUstate(c, s), "fmi2SetFMUstate");
  drive(c, frames, k, k + m, 1, b);

  size_t size = 0;
  check(fmi2SerializedFMUstateSize(c, s, &size), "fmi2SerializedFMUstateSize");
  fmi2Byte *blob = malloc(size);
  check(fmi2SerializeFMUstate(c, s, blob, size), "fmi2SerializeFMUstate");
  fmi2Component c2 = start();
  fmi2FMUstate s2 = NULL;
  check(fmi2DeSerializeFMUstate(c2, blob, size, &s2), "fmi2DeSerializeFMUstate");
  check(fmi2SetFMUstate(c2, s2), "fmi2SetFMUstate (deserialized)");
  drive(c2, frames, k, k + m, 1, ser);

  /* The same frames on an instance without that history: the state must matter. */
  fmi2Component c3 = fmi2Instantiate("cold", fmi2CoSimulation, guid, "", &callbacks, fmi2False, fmi2False);
  check(fmi2SetupExperiment(c3, fmi2False, 0, k * 0.01, fmi2False, 0), "fmi2SetupExperiment");
  check(fmi2EnterInitializationMode(c3), "fmi2EnterInitializationMode");
  check(fmi2ExitInitializationMode(c3), "fmi2ExitInitializationMode");
  drive(c3, frames, k, k + m, 1, cold);

  /* One 30 ms step (inputs held) against three 10 ms steps with the same inputs. */
  const long triples = (n / 3 < 1000 ? n / 3 : 1000);
  fmi2Component c4 = start(), c5 = start();
  double *o4 = calloc(n_out, sizeof(double)), *o5 = calloc(n_out, sizeof(double));
  int multi_same = 1;
  for (long i = 0; i < triples; i++) {
    const double *frame = frames + 3 * i * n_in;
    check(fmi2SetReal(c4, in_vr, n_in, frame), "fmi2SetReal");
    check(fmi2DoStep(c4, 3 * i * 0.01, 0.03, fmi2True), "fmi2DoStep 30 ms");
    check(fmi2GetReal(c4, out_vr, n_out, o4), "fmi2GetReal");
    for (int j = 0; j < 3; j++) {
      check(fmi2SetReal(c5, in_vr, n_in, frame), "fmi2SetReal");
      check(fmi2DoStep(c5, (3 * i + j) * 0.01, 0.01, fmi2True), "fmi2DoStep 10 ms");
    }
    check(fmi2GetReal(c5, out_vr, n_out, o5), "fmi2GetReal");
    if (!same(o4, o5, n_out)) multi_same = 0;
  }
  printf("{\"fromCycle\":%ld,\"cycles\":%ld,\"restoreIdentical\":%s,\"serializedIdentical\":%s,\"coldStartDiffers\":%s,"
         "\"serializedBytes\":%zu,\"multiStepCycles\":%ld,\"multiStepIdentical\":%s}\n",
         k, m, same(a, b, m * n_out) ? "true" : "false", same(a, ser, m * n_out) ? "true" : "false",
         same(a, cold, m * n_out) ? "false" : "true", size, 3 * triples, multi_same ? "true" : "false");
  check(fmi2FreeFMUstate(c, &s), "fmi2FreeFMUstate");
  check(fmi2FreeFMUstate(c2, &s2), "fmi2FreeFMUstate");
  fmi2FreeInstance(c); fmi2FreeInstance(c2); fmi2FreeInstance(c3); fmi2FreeInstance(c4); fmi2FreeInstance(c5);
  return 0;
}

static void report(const char *name, int status) {
  /* Messages are ours (no quotes or backslashes); escape anyway to keep the JSON valid. */
  printf("{\"case\":\"%s\",\"status\":%d,\"message\":\"", name, status);
  for (const char *p = last_message; *p; p++) printf(*p == '"' || *p == '\\' ? "\\%c" : "%c", *p);
  printf("\"}\n");
  last_message[0] = 0;
}

static fmi2Component instantiated(void) {
  return fmi2Instantiate("test", fmi2CoSimulation, guid, "", &callbacks, fmi2False, fmi2False);
}

static int error_cases(fmi2ValueReference param_vr, double param_max, fmi2ValueReference local_vr, long n_vars) {
  double x = 1, big = param_max * 2 + 1, nan = NAN, before = 0, after = 0;
  fmi2ValueReference output_vr = (fmi2ValueReference)(n_in + 1), unknown_vr = (fmi2ValueReference)(n_vars + 1), zero_vr = 0;
  fmi2Integer integer = 0;
  fmi2FMUstate state = NULL;
  fmi2Byte blob[16] = {0};
  fmi2Component c;
  last_message[0] = 0;

  c = start(); report("step of 15 ms (not a multiple of 10 ms)", fmi2DoStep(c, 0, 0.015, fmi2True)); fmi2FreeInstance(c);
  c = start(); report("step of 0 s", fmi2DoStep(c, 0, 0, fmi2True)); fmi2FreeInstance(c);
  c = start(); report("step of -10 ms", fmi2DoStep(c, 0, -0.01, fmi2True)); fmi2FreeInstance(c);
  c = start(); report("communication point is not the FMU's time", fmi2DoStep(c, 0.5, 0.01, fmi2True)); fmi2FreeInstance(c);

  c = start();
  fmi2GetReal(c, &param_vr, 1, &before);
  report("parameter above its max", fmi2SetReal(c, &param_vr, 1, &big));
  fmi2GetReal(c, &param_vr, 1, &after); /* allowed in the Error state */
  printf("{\"case\":\"refused parameter unchanged\",\"status\":%d,\"message\":\"\"}\n", before == after ? 0 : 3);
  fmi2FreeInstance(c);
  c = start(); report("parameter NaN", fmi2SetReal(c, &param_vr, 1, &nan)); fmi2FreeInstance(c);
  c = start(); report("set an output", fmi2SetReal(c, &output_vr, 1, &x)); fmi2FreeInstance(c);
  c = start(); report("set a local (state block) variable", fmi2SetReal(c, &local_vr, 1, &x)); fmi2FreeInstance(c);
  c = start(); report("unknown value reference", fmi2GetReal(c, &unknown_vr, 1, &x)); fmi2FreeInstance(c);
  c = start(); report("value reference 0", fmi2GetReal(c, &zero_vr, 1, &x)); fmi2FreeInstance(c);
  c = start(); report("NULL value array", fmi2GetReal(c, out_vr, 1, NULL)); fmi2FreeInstance(c);
  c = start(); report("NULL value reference array", fmi2SetReal(c, NULL, 1, &x)); fmi2FreeInstance(c);
  c = start(); report("an Integer variable", fmi2GetInteger(c, in_vr, 1, &integer)); fmi2FreeInstance(c);
  c = start(); report("fmi2GetFMUstate with NULL", fmi2GetFMUstate(c, NULL)); fmi2FreeInstance(c);
  c = start(); report("fmi2SetFMUstate with NULL", fmi2SetFMUstate(c, NULL)); fmi2FreeInstance(c);
  c = start(); report("deserialize a 16-byte blob", fmi2DeSerializeFMUstate(c, blob, sizeof blob, &state)); fmi2FreeInstance(c);

  c = instantiated(); report("fmi2DoStep before initialisation", fmi2DoStep(c, 0, 0.01, fmi2True)); fmi2FreeInstance(c);
  c = instantiated(); report("fmi2GetReal before initialisation", fmi2GetReal(c, out_vr, 1, &x)); fmi2FreeInstance(c);
  c = instantiated(); report("fmi2ExitInitializationMode without Enter", fmi2ExitInitializationMode(c)); fmi2FreeInstance(c);
  c = start(); report("fmi2SetupExperiment after initialisation", fmi2SetupExperiment(c, fmi2False, 0, 0, fmi2False, 0)); fmi2FreeInstance(c);
  c = start(); fmi2Terminate(c); report("fmi2DoStep after fmi2Terminate", fmi2DoStep(c, 0, 0.01, fmi2True)); fmi2FreeInstance(c);
  c = start(); fmi2Terminate(c); report("fmi2SetReal after fmi2Terminate", fmi2SetReal(c, in_vr, 1, &x)); fmi2FreeInstance(c);

  /* After a refusal the instance is in the Error state (FMI 2.0 section 2.1.3) until an earlier FMU state is set. */
  c = start();
  check(fmi2GetFMUstate(c, &state), "fmi2GetFMUstate");
  fmi2DoStep(c, 0, 0.015, fmi2True);
  report("fmi2DoStep in the Error state", fmi2DoStep(c, 0, 0.01, fmi2True));
  check(fmi2SetFMUstate(c, state), "fmi2SetFMUstate");
  report("fmi2DoStep after recovering with fmi2SetFMUstate", fmi2DoStep(c, 0, 0.01, fmi2True));
  fmi2FreeFMUstate(c, &state);
  fmi2FreeInstance(c);

  /* fmusim (Reference-FMUs c8d4e6d) passes the state itself to fmi2FreeFMUstate. */
  c = start();
  check(fmi2GetFMUstate(c, &state), "fmi2GetFMUstate");
  report("fmi2FreeFMUstate given the state itself", fmi2FreeFMUstate(c, (fmi2FMUstate *)state));
  state = NULL;
  fmi2FreeInstance(c);

  /* Status queries (FMI 2.0 section 4.2.3): what a synchronous FMU can answer, and what it cannot. */
  fmi2Real time_s = -1;
  fmi2Boolean terminated = fmi2True;
  fmi2Status status = fmi2OK;
  c = start();
  for (int i = 0; i < 3; i++) check(fmi2DoStep(c, i * 0.01, 0.01, fmi2True), "fmi2DoStep");
  report("fmi2GetRealStatus fmi2LastSuccessfulTime", fmi2GetRealStatus(c, fmi2LastSuccessfulTime, &time_s));
  printf("{\"case\":\"last successful time\",\"status\":0,\"message\":\"%.17g\"}\n", time_s);
  report("fmi2GetBooleanStatus fmi2Terminated", fmi2GetBooleanStatus(c, fmi2Terminated, &terminated));
  printf("{\"case\":\"terminated flag\",\"status\":0,\"message\":\"%d\"}\n", terminated);
  fmi2FreeInstance(c);
  c = start(); report("fmi2GetRealStatus of another kind", fmi2GetRealStatus(c, fmi2DoStepStatus, &time_s)); fmi2FreeInstance(c);
  c = start(); report("fmi2GetBooleanStatus with NULL", fmi2GetBooleanStatus(c, fmi2Terminated, NULL)); fmi2FreeInstance(c);
  c = start(); report("fmi2GetStatus", fmi2GetStatus(c, fmi2DoStepStatus, &status)); fmi2FreeInstance(c);
  c = start(); report("fmi2CancelStep", fmi2CancelStep(c)); fmi2FreeInstance(c);
  c = instantiated(); report("fmi2GetRealStatus before initialisation", fmi2GetRealStatus(c, fmi2LastSuccessfulTime, &time_s)); fmi2FreeInstance(c);

  c = fmi2Instantiate("test", fmi2CoSimulation, "{00000000-0000-0000-0000-000000000000}", "", &callbacks, fmi2False, fmi2False);
  report("fmi2Instantiate with another GUID", c ? 0 : 3);
  c = fmi2Instantiate("test", fmi2ModelExchange, guid, "", &callbacks, fmi2False, fmi2False);
  report("fmi2Instantiate for model exchange", c ? 0 : 3);
  c = fmi2Instantiate("test", fmi2CoSimulation, guid, "", NULL, fmi2False, fmi2False);
  report("fmi2Instantiate without callbacks", c ? 0 : 3);
  report("fmi2DoStep on a NULL instance", fmi2DoStep(NULL, 0, 0.01, fmi2True));
  return 0;
}
