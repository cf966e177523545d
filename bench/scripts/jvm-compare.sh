#!/usr/bin/env bash
# Side-by-side runs of Switchboard against the Node `ws` reference, once per JVM configuration, with the machine's
# load before and after each run. The side-by-side driver (sxs.sh), the reference server and its load generator are
# NOT part of this repository (they are kept in the team's shared bench folder beside the checkout): pass the path
# of sxs.sh as SXS.
#
#   SXS=<path>/sxs.sh bench/scripts/jvm-compare.sh [scenario...]   (fanout http idle churn; default: all four)
#   CONFIGS="name|java|flags;..."  SWITCHBOARD_JAR=bootstrap/target/switchboard.jar
#
# Prints, per configuration, sxs.sh's comparison lines (Switchboard vs Node `ws`, one run, same load), prefixed with
# the configuration's name. Read ratios within one line, not absolute figures across lines: the machine is shared.
set -euo pipefail
cd "$(git rev-parse --show-toplevel)"
SXS="${SXS:?set SXS to the path of sxs.sh (the side-by-side driver, kept outside this repository)}"
[ -f "$SXS" ] || { echo "no sxs.sh at $SXS" >&2; exit 2; }
export SWITCHBOARD_JAR="${SWITCHBOARD_JAR:-bootstrap/target/switchboard.jar}"
J17="${J17:-/usr/lib/jvm/java-17-openjdk-amd64/bin/java}"
J25="${J25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}"
# The image's flags (Dockerfile) are the "chosen" line; the others are what it was compared with.
CHOSEN="-XX:+UseSerialGC -XX:+UseCompactObjectHeaders -XX:MaxHeapFreeRatio=30 -XX:MinHeapFreeRatio=10"
CONFIGS="${CONFIGS:-jdk17-g1|$J17|-XX:+UseG1GC;jdk25-g1|$J25|-XX:+UseG1GC;jdk25-g1-coh|$J25|-XX:+UseG1GC -XX:+UseCompactObjectHeaders;jdk25-chosen|$J25|$CHOSEN}"
IFS=';' read -ra LINES <<< "$CONFIGS"
for line in "${LINES[@]}"; do
  IFS='|' read -r name java flags <<< "$line"
  before=$(cut -d' ' -f1-3 /proc/loadavg)
  out=$(JAVA="$java" SB_JVM="$flags" bash "$SXS" "$@")
  after=$(cut -d' ' -f1-3 /proc/loadavg)
  echo "## $name  ($java $flags)  load before: $before  after: $after"
  echo "$out" | sed "s/^/$name | /"
done
