/* Native limit of the same firmware: the release .wasm translated by wasm2c, compiled by gcc -O2,
 * stepped over the same input frames as the V8 runs (frame into the input block, step, output read
 * in place: the same work per cycle as bench/host-cycle.ts).
 *   step-harness time <frames.bin> <inSlots> <inOff> <outOff> <outSlots> <steps> <reps>
 *     prints {"nsPerStep":[...],"copyOnlyNs":x,"checksum":x}
 *   step-harness dump <frames.bin> <inSlots> <inOff> <outOff> <outSlots> <out.bin>
 *     writes every cycle's output block (for the bit-identity test) */
#include "fw.h"

int main(int argc, char **argv) {
  if (argc < 8) { fprintf(stderr, "usage: see source\n"); return 2; }
  const char *mode = argv[1];
  long in_slots = atol(argv[3]), in_off = atol(argv[4]), out_off = atol(argv[5]), out_slots = atol(argv[6]);
  long n_frames;
  double *frames = read_frames(argv[2], in_slots, &n_frames);
  fw_t fw;
  fw_open(&fw, in_off, out_off);
  size_t in_bytes = in_slots * sizeof(double), out_bytes = out_slots * sizeof(double);

  if (strcmp(mode, "dump") == 0) {
    FILE *f = fopen(argv[7], "wb");
    if (!f) { perror(argv[7]); return 2; }
    for (long i = 0; i < n_frames; i++) {
      memcpy(fw.inputs, frames + i * in_slots, in_bytes);
      FW_STEP(&fw.instance);
      fwrite(fw.outputs, 1, out_bytes, f);
    }
    fclose(f);
    return 0;
  }

  long steps = atol(argv[7]), reps = argc > 8 ? atol(argv[8]) : 5;
  double checksum = 0;
  /* CPU time beside wall time: on a shared machine the wall clock also counts the time this
   * process waited for a core; CPU time (process-wide, as Node's process.cpuUsage) does not. */
  double cpu_ns[64];
  printf("{\"nsPerStep\":[");
  for (long r = -1; r < reps; r++) { /* r = -1 warms caches and branch predictors */
    FW_RESET(&fw.instance);
    long k = 0;
    int64_t c0 = cpu_ns_now();
    int64_t t0 = now_ns();
    for (long i = 0; i < steps; i++) {
      memcpy(fw.inputs, frames + k * in_slots, in_bytes);
      FW_STEP(&fw.instance);
      checksum += ((volatile double *)fw.outputs)[0];
      if (++k == n_frames) { k = 0; FW_RESET(&fw.instance); }
    }
    int64_t t1 = now_ns();
    if (r >= 0) printf("%s%.3f", r ? "," : "", (double)(t1 - t0) / steps);
    if (r >= 0 && r < 64) cpu_ns[r] = (double)(cpu_ns_now() - c0) / steps;
  }
  printf("],\"cpuNsPerStep\":[");
  for (long r = 0; r < reps && r < 64; r++) printf("%s%.3f", r ? "," : "", cpu_ns[r]);
  /* The same loop without step(): what the frame copy alone costs natively. */
  int64_t t0 = now_ns();
  long k = 0;
  for (long i = 0; i < steps; i++) {
    memcpy(fw.inputs, frames + k * in_slots, in_bytes);
    checksum += ((volatile double *)fw.outputs)[0];
    __asm__ volatile("" ::: "memory");
    if (++k == n_frames) k = 0;
  }
  printf("],\"copyOnlyNs\":%.3f,\"checksum\":%.17g}\n", (double)(now_ns() - t0) / steps, checksum);
  return 0;
}
