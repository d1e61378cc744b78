#!/usr/bin/env bash
# Runs `ecs-place bench` for every scenario of BENCHMARKS.md: synthetic clusters of 1,000,
# 5,000 and 50,000 instances (seed 1) x requests R1-R4, plus the 1-thread and explain-mode
# runs (R1-R4 and X1, which places nothing). Prints one JSON object per line, each tagged
# with its scenario.
#
#   examples/bench/run.sh [OUT_DIR]      (default OUT_DIR: target/bench-data)
#
# ECS_PLACE=/path/to/ecs-place uses that binary instead of building one.
set -euo pipefail
cd "$(dirname "$0")/../.."
out="${1:-target/bench-data}"
mkdir -p "$out"
if [ -n "${ECS_PLACE:-}" ]; then
  bin="$ECS_PLACE"
else
  cargo build --release -q -p ecs-place-cli
  bin=target/release/ecs-place
fi

iterations() { if [ "$1" -ge 50000 ]; then echo 30; else echo 300; fi; }

for n in 1000 5000 50000; do
  snapshot="$out/synthetic-$n.json"
  [ -s "$snapshot" ] || "$bin" generate-cluster --instances "$n" --seed 1 > "$snapshot"
done

run() { # tag, instances, request, extra args...
  local tag="$1" n="$2" r="$3"
  shift 3
  local json
  json=$("$bin" bench --cluster-state "$out/synthetic-$n.json" --request "examples/bench/$r.json" \
    --iterations "$(iterations "$n")" --seed 1 "$@")
  # The 1-minute load average when the run ended: other work on the machine skews figures.
  printf '{"tag":"%s","request":"%s","load":%s,%s}\n' "$tag" "$r" "$(cut -d' ' -f1 /proc/loadavg)" \
    "$(printf '%s' "$json" | tr -d '\n' | sed 's/^{//; s/}$//')"
}

for n in 1000 5000 50000; do
  for r in r1 r2 r3 r4; do
    run plain "$n" "$r" --threads 2
  done
done
for r in r1 r2 r3 r4; do
  run one-thread 50000 "$r" --threads 1
  run explain 5000 "$r" --threads 2 --explain
done
# X1 places nothing: every instance is a failure, the case explain mode adds work to.
run x1-plain 5000 x1 --threads 2
run x1-explain 5000 x1 --threads 2 --explain
