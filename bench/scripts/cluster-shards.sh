#!/usr/bin/env bash
# Delivered cross-instance throughput (ShardThroughput) on a Redis Cluster with 1 shard, then with 3 shards
# (masters only: replicas add nothing to pub/sub throughput). Needs redis-server/redis-cli 7+ and
#   mvn -B -q -DskipTests package
# Usage: bench/scripts/cluster-shards.sh [extra ShardThroughput args, e.g. --duration 20 --topics 64]
set -euo pipefail
cd "$(dirname "$0")/../.."
# the load generator jar leaves the server classes out: take them (adapters, Lettuce) from the server jar
JAR=bench/target/switchboard-bench.jar:bootstrap/target/switchboard.jar
BASE=${BASE_PORT:-17100}
DIR=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$DIR"
}
trap cleanup EXIT

start_node() { # port
  mkdir -p "$DIR/$1"
  redis-server --port "$1" --bind 127.0.0.1 --cluster-enabled yes --cluster-config-file nodes.conf \
    --dir "$DIR/$1" --save "" --appendonly no --logfile "$DIR/$1/redis.log" &
  pids+=($!)
  until redis-cli -p "$1" ping >/dev/null 2>&1; do sleep 0.1; done
}

await_ok() { # port
  until redis-cli -p "$1" cluster info | grep -q cluster_state:ok; do sleep 0.2; done
}

# one shard: one master owning every slot
start_node "$BASE"
redis-cli -p "$BASE" cluster addslotsrange 0 16383 >/dev/null
await_ok "$BASE"
uptime
java -cp "$JAR" io.switchboard.bench.ShardThroughput --redis-url "redis-cluster://127.0.0.1:$BASE" "$@"

# three shards
for i in 1 2 3; do start_node $((BASE + i)); done
redis-cli --cluster create 127.0.0.1:$((BASE + 1)) 127.0.0.1:$((BASE + 2)) 127.0.0.1:$((BASE + 3)) \
  --cluster-yes >/dev/null
await_ok $((BASE + 1))
uptime
java -cp "$JAR" io.switchboard.bench.ShardThroughput --redis-url "redis-cluster://127.0.0.1:$((BASE + 1))" "$@"
