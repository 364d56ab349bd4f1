#!/usr/bin/env bash
# The live smoke test against a real Huawei Cloud account (docs/huaweicloud.md).
# Prints exactly one of: "live smoke test: PASSED", "live smoke test: FAILED", "live smoke test: NOT RUN (<why>)".
# Exit 0 only when it ran and passed; 2 when it did not run; 1 when it failed.
set -u
cd "$(dirname "$0")/.."
./mvnw -B -q -pl cloud -am test -Dtest=HuaweiLiveSmokeTest -Dsurefire.failIfNoSpecifiedTests=false >/tmp/huaweicloud-smoke.log 2>&1
rc=$?
xml=cloud/target/surefire-reports/TEST-dev.fullecs.cloud.live.HuaweiLiveSmokeTest.xml
if [ $rc -ne 0 ] || [ ! -f "$xml" ]; then
  echo "live smoke test: FAILED (see /tmp/huaweicloud-smoke.log and cloud/target/surefire-reports)"; exit 1
fi
if grep -q '<skipped' "$xml"; then
  why=$(grep -o 'NOT RUN[^"<]*' "$xml" | head -1)
  echo "live smoke test: NOT RUN (${why:-skipped})"; exit 2
fi
echo "live smoke test: PASSED"
