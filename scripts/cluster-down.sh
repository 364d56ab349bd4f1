#!/usr/bin/env bash
# Takes down what scripts/cluster-up.sh started, by the pids in its pid files, in the reverse
# order: the workers, the emulator, the Web UI server, Temporal's worker, frontend, matching and
# history services, then PostgreSQL. Each gets SIGTERM, up to 40 s for a graceful stop, then
# SIGKILL. PostgreSQL's data, the emulator's database and the logs stay in $FULLECS_CLUSTER_DIR
# (default run/cluster), so cluster-up.sh carries on where it stopped; --clean deletes them.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
RUN_DIR="${FULLECS_CLUSTER_DIR:-$ROOT/run/cluster}"
CLEAN=0
for arg in "$@"; do
  case "$arg" in
    --clean) CLEAN=1 ;;
    *) echo "cluster-down: unknown option $arg (known: --clean)" >&2; exit 2 ;;
  esac
done

alive() { # alive PID: a process that has not exited (an exited one waiting to be reaped is a zombie, Z)
  kill -0 "$1" 2>/dev/null && [[ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" != Z ]]
}

stop() { # stop NAME
  local pid_file="$RUN_DIR/$1.pid" pid
  [[ -f "$pid_file" ]] || return 0
  pid="$(cat "$pid_file")"
  if alive "$pid"; then
    kill -TERM "$pid"
    for _ in $(seq 1 400); do
      alive "$pid" || break
      sleep 0.1
    done
    if alive "$pid"; then
      echo "cluster-down: $1 (pid $pid) did not stop after 40s: killing it"
      kill -KILL "$pid" 2>/dev/null || true
    fi
    echo "cluster-down: stopped $1 (pid $pid)"
  fi
  rm -f "$pid_file"
}

if [[ -d "$RUN_DIR" ]]; then
  for pid_file in "$RUN_DIR"/worker-*.pid; do
    [[ -e "$pid_file" ]] || continue
    name="$(basename "$pid_file" .pid)"
    stop "$name" &
  done
  wait
  stop cloud-emulator
  stop temporal-ui
  for service in worker frontend matching history; do
    stop "temporal-$service"
  done
  # SIGTERM is PostgreSQL's smart shutdown: no client is left by now.
  stop postgresql
fi

if (( CLEAN )); then
  rm -rf "$RUN_DIR"
  echo "cluster-down: deleted $RUN_DIR (PostgreSQL's data, the emulator's database, the logs)"
fi
