#!/usr/bin/env bash
# Runs every load-generator scenario at the sizes of the performance targets, each against a fresh server that the
# load generator starts and stops itself (loopback only), and appends the RESULT lines to bench/results/<stamp>.jsonl.
# Usage: bench/scripts/run-all.sh [scenario...]     (from the repository root, after `mvn -B -q -DskipTests package`)
set -euo pipefail
cd "$(git rev-parse --show-toplevel)"
JAR=bench/target/switchboard-bench.jar
SERVER=bootstrap/target/switchboard.jar
OUT=bench/results/$(date -u +%Y%m%dT%H%M%SZ).jsonl
mkdir -p bench/results
declare -A RUNS=(
  [fanout]="fanout --client nio --subscribers 1000 --rate 50 --payload 256 --duration 30 --warmup 10"
  [http-to-ws]="http-to-ws --subscribers 100 --rate 100 --payload 256 --duration 30 --warmup 10"
  [sessions]="sessions --sessions 100 --watchers 10 --rate 200 --duration 30 --warmup 10"
  [idle]="idle --connections 10000 --hold 5"
  [churn]="churn --cycles 10000 --concurrency 16"
  [cross-instance]="cross-instance --client nio --instances 2 --subscribers 500 --rate 100 --payload 256 --duration 30 --warmup 10"
)
ORDER=(fanout http-to-ws sessions idle churn cross-instance)
[ $# -gt 0 ] && ORDER=("$@")
for s in "${ORDER[@]}"; do
  echo "== $s  (load average: $(cut -d' ' -f1-3 /proc/loadavg))" >&2
  # shellcheck disable=SC2086
  timeout 600 java -jar "$JAR" ${RUNS[$s]} --start-server "$SERVER" ${EXTRA:-} | tee >(grep -v "^RESULT " >&2) | grep '^RESULT ' | sed 's/^RESULT //' >> "$OUT"
done
echo "results in $OUT" >&2
