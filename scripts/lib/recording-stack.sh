# Sourced by the history recorders (scripts/record-histories.sh, scripts/record-use-histories.sh):
# a private stack (dev server, emulator at time scale 0.3, one worker) on ports that do not clash
# with scripts/stack-up.sh, taken down when the recorder exits. Expects $root to be set.

tport=${RECORD_TEMPORAL_PORT:-27233}
eport=${RECORD_EMULATOR_PORT:-28780}
work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT

cd "$root"
[ -n "${SKIP_BUILD:-}" ] || ./mvnw -q -DskipTests package

export TEMPORAL_ADDRESS=127.0.0.1:$tport
export FULLECS_CLOUD_URL=http://127.0.0.1:$eport
export FULLECS_TENANT=tenant-a FULLECS_TOKEN=tok-tenant-a
sa=()
for name in EcsId ImageId ImageName ImageStatus TenantId Region; do
  sa+=(--search-attribute "$name=Keyword")
done

temporal server start-dev --headless --port "$tport" --db-filename "$work/temporal.db" \
  --log-level error "${sa[@]}" >"$work/temporal.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 120); do
  n=$(temporal operator search-attribute list --address "$TEMPORAL_ADDRESS" 2>/dev/null \
      | grep -cE 'EcsId|ImageId|ImageName|ImageStatus|TenantId|Region' || true)
  [ "$n" -ge 6 ] && break
  sleep 0.5
done

# Time scale 0.3: the demo server's snapshots take about 3 s and its backup about 4 s.
java -jar cloud-emulator/target/cloud-emulator.jar --port "$eport" --db "$work/cloud.db" \
  --time-scale 0.3 >"$work/emulator.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 60); do curl -sf "$FULLECS_CLOUD_URL/openapi.yaml" >/dev/null && break; sleep 0.5; done

worker_pid=
start_worker() {
  FULLECS_SERVICE_TOKEN=tok-image-service FULLECS_METRICS_PORT=0 \
    java -jar worker/target/worker.jar >>"$work/worker.log" 2>&1 &
  worker_pid=$!
  pids+=($worker_pid)
}
start_worker

faults() { # JSON of the operations map
  curl -sf -X PUT -H 'X-Auth-Token: tok-admin' -H 'Content-Type: application/json' \
    -d "{\"outage\":false,\"operations\":$1}" "$FULLECS_CLOUD_URL/admin/faults" >/dev/null
}
starter() { java -jar starter/target/starter.jar "$@"; }
# save WORKFLOW_ID SCENARIO: the history as JSON into $out/SCENARIO.json
save_history() {
  mkdir -p "$out"
  temporal workflow show --workflow-id "$1" -o json >"$out/$2.json"
  echo "recorded ${out#"$root/"}/$2.json ($(grep -c '"eventId"' "$out/$2.json") events)"
}
