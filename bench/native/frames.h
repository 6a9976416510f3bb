/* Recorded input frames (doubles, `slots` per cycle, as bench/frames.ts writes them) read into
 * memory. Shared by the native bench harnesses (through fw.h) and the FMU test importer, which
 * knows nothing of wasm2c. */
#ifndef HPA_BENCH_FRAMES_H
#define HPA_BENCH_FRAMES_H
#include <stdio.h>
#include <stdlib.h>

static double *read_frames(const char *path, long slots, long *count) {
  FILE *f = fopen(path, "rb");
  if (!f) { perror(path); exit(2); }
  fseek(f, 0, SEEK_END);
  long bytes = ftell(f);
  fseek(f, 0, SEEK_SET);
  double *frames = malloc(bytes);
  if (fread(frames, 1, bytes, f) != (size_t)bytes) { perror(path); exit(2); }
  fclose(f);
  *count = bytes / (long)(slots * sizeof(double));
  return frames;
}
#endif
