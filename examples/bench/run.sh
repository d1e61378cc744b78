#!/usr/bin/env bash
# Runs `ecs-place bench` for every scenario of BENCHMARKS.md and prints one JSON object per
# line, tagged with its scenario and the 1-minute load average when it ended:
#
# - `plain`: synthetic clusters of 1,000, 5,000 and 50,000 instances (seed 1) x R1-R4, every
#   figure, 2 threads, three rounds (summarize.py reports the median of the rounds' medians:
#   single runs on a shared 2-core machine scatter by 20-30 %);
# - `threads`: oneShot and indexBuild at 50,000 instances with 1 and 2 threads, alternating,
#   two rounds (alternating keeps slow drifts of the machine's load out of the ratio);
# - `explain`: oneShot and prebuiltCompiled at 5,000 instances, plain and explain mode
#   alternating, three rounds, for R1-R4 and X1 (which places nothing).
#
#   examples/bench/run.sh [OUT_DIR] > results.jsonl     (default OUT_DIR: target/bench-data)
#   python3 examples/bench/summarize.py results.jsonl    (the tables of BENCHMARKS.md)
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

for n in 1000 5000 50000; do
  snapshot="$out/synthetic-$n.json"
  [ -s "$snapshot" ] || "$bin" generate-cluster --instances "$n" --seed 1 > "$snapshot"
done

run() { # tag, round, instances, request, iterations, extra args...
  local tag="$1" round="$2" n="$3" r="$4" iterations="$5"
  shift 5
  local json
  json=$("$bin" bench --cluster-state "$out/synthetic-$n.json" --request "examples/bench/$r.json" \
    --iterations "$iterations" --seed 1 "$@")
  printf '{"tag":"%s","round":%s,"request":"%s","load":%s,%s}\n' "$tag" "$round" "$r" \
    "$(cut -d' ' -f1 /proc/loadavg)" "$(printf '%s' "$json" | tr -d '\n' | sed 's/^{//; s/}$//')"
}

for round in 1 2 3; do
  for n in 1000 5000 50000; do
    iterations=300
    [ "$n" -lt 50000 ] || iterations=30
    for r in r1 r2 r3 r4; do
      run plain "$round" "$n" "$r" "$iterations" --threads 2
    done
  done
done
for round in 1 2; do
  for r in r1 r2 r3 r4; do
    for threads in 1 2; do
      run threads "$round" 50000 "$r" 30 --threads "$threads" --only oneShot --only indexBuild
    done
  done
done
for round in 1 2 3; do
  for r in r1 r2 r3 r4 x1; do
    run explain "$round" 5000 "$r" 300 --threads 2 --only oneShot --only prebuiltCompiled
    run explain "$round" 5000 "$r" 300 --threads 2 --only oneShot --only prebuiltCompiled --explain
  done
done
