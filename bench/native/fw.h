/* Glue between the bench harnesses and the wasm2c output of the release firmware.
 * fw-names.h is generated at bench time from the wasm2c header, because wasm2c's
 * naming scheme differs between wabt releases (Z_hpaZ_step vs w2c_hpa_step). */
#ifndef HPA_BENCH_FW_H
#define HPA_BENCH_FW_H
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "fw-names.h"
#include "frames.h"

typedef struct {
  FW_INSTANCE_T instance;
  uint8_t *memory;
  double *inputs;
  double *outputs;
} fw_t;

static void fw_open(fw_t *fw, long inputs_offset, long outputs_offset) {
  wasm_rt_init();
  FW_INIT_MODULE();
  FW_INSTANTIATE(&fw->instance);
  fw->memory = FW_MEMORY(&fw->instance)->data;
  uint32_t base = FW_LAYOUT_BASE(&fw->instance);
  fw->inputs = (double *)(fw->memory + base + inputs_offset);
  fw->outputs = (double *)(fw->memory + base + outputs_offset);
  FW_RESET(&fw->instance);
}

static inline int64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static inline int64_t cpu_ns_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int cmp_i64(const void *a, const void *b) {
  int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
  return x < y ? -1 : x > y;
}
#endif
