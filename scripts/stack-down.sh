#!/usr/bin/env bash
# Takes down what scripts/stack-up.sh started (worker, emulator, dev server), by the pids in its
# pid files: SIGTERM, up to 40 s for a graceful stop, then SIGKILL. Databases and logs stay in
# $FULLECS_RUN_DIR (default run/), so stack-up.sh carries on where it stopped; --clean deletes them.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
RUN_DIR="${FULLECS_RUN_DIR:-$ROOT/run}"

stop() { # stop NAME
  local pid_file="$RUN_DIR/$1.pid" pid
  [[ -f "$pid_file" ]] || return 0
  pid="$(cat "$pid_file")"
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"
    for _ in $(seq 1 80); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.5
    done
    if kill -0 "$pid" 2>/dev/null; then
      echo "stack-down: $1 (pid $pid) did not stop after 40s: killing it"
      kill -KILL "$pid" 2>/dev/null || true
    fi
    echo "stack-down: stopped $1 (pid $pid)"
  fi
  rm -f "$pid_file"
}

stop worker
stop cloud-emulator
stop temporal

if [[ "${1:-}" == "--clean" ]]; then
  rm -f "$RUN_DIR"/*.db "$RUN_DIR"/*.db-wal "$RUN_DIR"/*.db-shm "$RUN_DIR"/*.log
  echo "stack-down: deleted the databases and logs in $RUN_DIR"
fi
