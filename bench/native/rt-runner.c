/* The machine's own floor for the real-time runner: the same firmware (wasm2c) stepped at a fixed
 * rate on absolute deadlines with the same strategies as host/realtime (spin, or sleep until
 * `margin` before the deadline and spin the rest). Late cycles run at once (no skipping), so a
 * preemption shows as jitter and overruns rather than being hidden.
 *   rt-runner <spin|sleep-spin> <hz> <seconds> <marginUs> <frames.bin> <inSlots> <inOff> <outOff>
 * prints {"cycles":n,"overruns":n,"jitterUs":{"p50":x,"p99":x,"max":x}} */
#include "fw.h"

int main(int argc, char **argv) {
  if (argc < 9) { fprintf(stderr, "usage: see source\n"); return 2; }
  int sleep_spin = strcmp(argv[1], "sleep-spin") == 0;
  double hz = atof(argv[2]), seconds = atof(argv[3]);
  int64_t margin_ns = (int64_t)(atof(argv[4]) * 1000);
  long in_slots = atol(argv[6]);
  long n_frames;
  double *frames = read_frames(argv[5], in_slots, &n_frames);
  fw_t fw;
  fw_open(&fw, atol(argv[7]), atol(argv[8]));
  size_t in_bytes = in_slots * sizeof(double);

  long cycles = (long)(hz * seconds + 0.5);
  int64_t period_ns = (int64_t)(1e9 / hz + 0.5);
  int64_t *jitter = malloc(sizeof(int64_t) * cycles);
  long overruns = 0;
  double sink = 0;
  int64_t t0 = now_ns() + period_ns;
  for (long i = 0; i < cycles; i++) {
    int64_t deadline = t0 + i * period_ns;
    if (sleep_spin && deadline - now_ns() > margin_ns) {
      int64_t wake = deadline - margin_ns;
      struct timespec ts = { wake / 1000000000LL, wake % 1000000000LL };
      clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL);
    }
    int64_t start;
    while ((start = now_ns()) < deadline) {}
    jitter[i] = start - deadline;
    memcpy(fw.inputs, frames + (i % n_frames) * in_slots, in_bytes);
    FW_STEP(&fw.instance);
    sink += fw.outputs[0];
    if (now_ns() > deadline + period_ns) overruns++;
  }
  qsort(jitter, cycles, sizeof(int64_t), cmp_i64);
  long i50 = (long)(0.50 * (cycles - 1)), i99 = (long)(0.99 * (cycles - 1));
  printf("{\"cycles\":%ld,\"overruns\":%ld,\"jitterUs\":{\"p50\":%.3f,\"p99\":%.3f,\"max\":%.3f},\"sink\":%.6g}\n",
         cycles, overruns, jitter[i50] / 1e3, jitter[i99] / 1e3, jitter[cycles - 1] / 1e3, sink);
  return 0;
}
