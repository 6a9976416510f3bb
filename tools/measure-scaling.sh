#!/usr/bin/env bash
# `hpa validate` throughput on 1 and 2 embedded threads and on 1 and 2 `hpa worker` processes over
# Redis: same seed, distance and batch, so the totals must agree. Prints wall time, km/s, the CPU
# time the computing processes got (user+sys) and km per CPU-second, and the load average.
# Usage: tools/measure-scaling.sh [redis-port] [km]   (a redis-server must listen on the port;
#        its data is flushed between runs, so do not point it at a Redis you care about).
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${1:-43301}; KM=${2:-800}
URL=redis://127.0.0.1:$PORT
ARGS=(validate --km "$KM" --seed 1 -f 1.1.0 --batch 10 --json --no-progress)
OUT=$(mktemp -d)
ticks=$(getconf CLK_TCK)
cpu() { awk -v t="$ticks" '{print ($14+$15)/t}' "/proc/$1/stat"; }  # utime+stime of a live process [s]
report() { # name cpu-seconds load-before load-after
  node -e '
    const [name, cpu, l0, l1, file] = process.argv.slice(1);
    const r = JSON.parse(require("fs").readFileSync(file, "utf8")), t = r.firmware[0].totals;
    console.log(`${name.padEnd(11)} wall ${r.wallS.toFixed(2)} s  ${(r.km / r.wallS).toFixed(2)} km/s  cpu ${(+cpu).toFixed(2)} s  ${(r.km / cpu).toFixed(2)} km/cpu-s  ` +
      `totals ${t.collisions}/${t.avoidableCollisions}/${t.fcw}/${t.aeb}/${t.takeoverRequests} (collisions/avoidable/FCW/AEB/TOR)  load ${l0} → ${l1}  ${r.engine}`);
  ' "$1" "$2" "$3" "$4" "$OUT/$1.json"
}
for th in 1 2; do
  l0=$(cut -d' ' -f1 /proc/loadavg)
  /usr/bin/time -f "%U %S" -o "$OUT/time" nice -n 10 node bin/hpa.js "${ARGS[@]}" --threads "$th" > "$OUT/embedded-$th.json"
  report "embedded-$th" "$(awk '{print $1 + $2}' "$OUT/time")" "$l0" "$(cut -d' ' -f1 /proc/loadavg)"
done
for n in 1 2; do
  redis-cli -p "$PORT" flushall > /dev/null   # results are keyed: a second run would only read them back
  pids=()
  for _ in $(seq 1 "$n"); do nice -n 10 node bin/hpa.js worker --redis "$URL" --concurrency 1 --quiet & pids+=($!); done
  sleep 3
  c0=0; for p in "${pids[@]}"; do c0=$(awk -v a="$c0" -v b="$(cpu "$p")" 'BEGIN{print a + b}'); done
  l0=$(cut -d' ' -f1 /proc/loadavg)
  nice -n 10 node bin/hpa.js "${ARGS[@]}" --redis "$URL" > "$OUT/redis-$n.json"
  c1=0; for p in "${pids[@]}"; do c1=$(awk -v a="$c1" -v b="$(cpu "$p")" 'BEGIN{print a + b}'); done
  report "redis-$n" "$(awk -v a="$c1" -v b="$c0" 'BEGIN{print a - b}')" "$l0" "$(cut -d' ' -f1 /proc/loadavg)"
  kill "${pids[@]}"; wait "${pids[@]}" 2> /dev/null || true
done
redis-cli -p "$PORT" flushall > /dev/null
rm -rf "$OUT"
