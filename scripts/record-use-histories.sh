#!/usr/bin/env bash
# Records one history per scenario of the workflows that use a finished image
# (ProvisionFromImageWorkflow, ReplicateImageWorkflow) on a real Temporal dev server, for the
# replay test (workflows/src/test/resources/use-histories/VERSION/). As for
# scripts/record-histories.sh, a new VERSION goes beside the older sets, never over them.
#
#   scripts/record-use-histories.sh v1
set -euo pipefail

version=${1:?usage: scripts/record-use-histories.sh VERSION   (for example v1)}
root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/workflows/src/test/resources/use-histories/$version"
if [ -e "$out" ]; then
  echo "use-histories/$version already exists: record a new version beside it, never over it" >&2
  exit 2
fi

source "$root/scripts/lib/recording-stack.sh"

wid() { echo "$1:tenant-a:$2"; } # ImageWorkflows.provisionWorkflowId, replicateWorkflowId

starter create --region cn-north-4 --server ecs-web-01 --vault vault-backup --name rec-golden \
  --accept-disclaimer --request-id golden --wait --json >"$work/golden.json"
image=$(grep -o '"image_id" : "[^"]*"' "$work/golden.json" | head -1 | cut -d'"' -f4)
[ -n "$image" ] || { echo "the image was not created: $(cat "$work/golden.json")" >&2; exit 1; }

starter provision "$image" --az cn-north-4b --count 2 --name rec-clone --request-id p1 --wait >/dev/null
save_history "$(wid provision p1)" provision-two-servers

# An AZ outside the image's region: refused at validation, nothing created.
starter provision "$image" --az cn-east-3a --name rec-refused --request-id p2 >/dev/null || true
save_history "$(wid provision p2)" provision-refused

# Cancelled while both servers are BUILDING: the workflow deletes them.
starter provision "$image" --az cn-north-4a --count 2 --name rec-cancel --request-id p3 >/dev/null
for _ in $(seq 1 300); do
  [ "$(temporal workflow query --workflow-id "$(wid provision p3)" --name progress -o json 2>/dev/null \
      | grep -c '"BUILDING"')" -ge 2 ] && break
  sleep 0.1
done
starter cancel "$(wid provision p3)" >/dev/null
save_history "$(wid provision p3)" provision-cancelled

starter replicate "$image" --region cn-east-3 --request-id r1 --wait >/dev/null
save_history "$(wid replicate r1)" replicate-to-region-pair

starter replicate "$image" --region cn-north-4 --request-id r2 >/dev/null || true
save_history "$(wid replicate r2)" replicate-refused-in-region

echo "histories written to ${out#"$root/"}"
