#!/usr/bin/env bash
# Builds, with this machine's Go toolchain and modules from the Go module proxy, what the native
# cluster (scripts/cluster-up.sh) runs:
#   - Temporal's server (go.temporal.io/server/cmd/server) and its SQL schema tool
#     (go.temporal.io/server/cmd/tools/sql), at the version of the temporalio/server image in
#     docker-compose.yml (the one pin; the schema tool is built from the same module version),
#   - the Web UI server (github.com/temporalio/ui-server/v2/cmd/server), at the version of the
#     temporalio/ui image in docker-compose.yml,
# into a cache outside the repository, and copies the server's PostgreSQL schema files
# (schema/postgresql/v12) from the Go module cache beside them. Does nothing when they are
# already there.
#
#   $FULLECS_CACHE (default ~/.cache/fullecs)/temporal-<version>/bin/temporal-server
#                                            /temporal-<version>/bin/temporal-sql-tool
#                                            /temporal-<version>/schema/postgresql/v12/...
#                                            /temporal-ui-<version>/bin/temporal-ui-server
#
# Options: --paths prints, once built, shell assignments of those paths (TEMPORAL_VERSION,
# TEMPORAL_SERVER_BIN, TEMPORAL_SQL_TOOL_BIN, TEMPORAL_SCHEMA_DIR, TEMPORAL_UI_VERSION,
# TEMPORAL_UI_SERVER_BIN) on stdout; everything else goes to stderr.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
COMPOSE="$ROOT/docker-compose.yml"
CACHE="${FULLECS_CACHE:-$HOME/.cache/fullecs}"

say() { echo "build-temporal: $*" >&2; }
fail() { echo "build-temporal: $*" >&2; exit 1; }

image_version() { # image_version IMAGE: the tag of IMAGE in docker-compose.yml
  sed -nE "s#^[[:space:]]*image:[[:space:]]*$1:([0-9][0-9A-Za-z._-]*)[[:space:]]*\$#\\1#p" "$COMPOSE" | head -n 1
}

TEMPORAL_VERSION="$(image_version temporalio/server)"
TEMPORAL_UI_VERSION="$(image_version temporalio/ui)"
[[ -n "$TEMPORAL_VERSION" ]] || fail "no temporalio/server image in $COMPOSE"
[[ -n "$TEMPORAL_UI_VERSION" ]] || fail "no temporalio/ui image in $COMPOSE"

SERVER_DIR="$CACHE/temporal-$TEMPORAL_VERSION"
UI_DIR="$CACHE/temporal-ui-$TEMPORAL_UI_VERSION"
TEMPORAL_SERVER_BIN="$SERVER_DIR/bin/temporal-server"
TEMPORAL_SQL_TOOL_BIN="$SERVER_DIR/bin/temporal-sql-tool"
TEMPORAL_SCHEMA_DIR="$SERVER_DIR/schema"
TEMPORAL_UI_SERVER_BIN="$UI_DIR/bin/temporal-ui-server"

print_paths() {
  printf 'TEMPORAL_VERSION=%q\nTEMPORAL_SERVER_BIN=%q\nTEMPORAL_SQL_TOOL_BIN=%q\nTEMPORAL_SCHEMA_DIR=%q\n' \
    "$TEMPORAL_VERSION" "$TEMPORAL_SERVER_BIN" "$TEMPORAL_SQL_TOOL_BIN" "$TEMPORAL_SCHEMA_DIR"
  printf 'TEMPORAL_UI_VERSION=%q\nTEMPORAL_UI_SERVER_BIN=%q\n' "$TEMPORAL_UI_VERSION" "$TEMPORAL_UI_SERVER_BIN"
}

started=$SECONDS
built=0

if [[ -x "$TEMPORAL_SERVER_BIN" && -x "$TEMPORAL_SQL_TOOL_BIN" \
      && -f "$TEMPORAL_SCHEMA_DIR/postgresql/v12/temporal/schema.sql" ]]; then
  say "temporal server $TEMPORAL_VERSION already built in $SERVER_DIR"
else
  command -v go >/dev/null || fail "go is missing: install a Go toolchain (1.23 or newer)"
  say "building temporal server and schema tool $TEMPORAL_VERSION with $(go version | cut -d' ' -f3) into $SERVER_DIR"
  staging="$SERVER_DIR/staging"
  rm -rf "$staging"
  mkdir -p "$staging" "$SERVER_DIR/bin"
  # go install names them after their package directories (server, sql); renamed below.
  GOBIN="$staging" go install "go.temporal.io/server/cmd/server@v$TEMPORAL_VERSION" \
    "go.temporal.io/server/cmd/tools/sql@v$TEMPORAL_VERSION"
  # The schema files of the same module version, from the module cache (downloaded above).
  module_dir="$(go mod download -json "go.temporal.io/server@v$TEMPORAL_VERSION" \
    | sed -nE 's/^[[:space:]]*"Dir": "(.*)",?$/\1/p')"
  [[ -d "$module_dir/schema/postgresql/v12" ]] || fail "no schema/postgresql/v12 in the module cache ($module_dir)"
  rm -rf "$TEMPORAL_SCHEMA_DIR"
  mkdir -p "$TEMPORAL_SCHEMA_DIR"
  cp -R "$module_dir/schema/postgresql" "$TEMPORAL_SCHEMA_DIR/"
  chmod -R u+w "$TEMPORAL_SCHEMA_DIR"
  mv "$staging/sql" "$TEMPORAL_SQL_TOOL_BIN"
  mv "$staging/server" "$TEMPORAL_SERVER_BIN"
  rm -rf "$staging"
  built=1
fi

if [[ -x "$TEMPORAL_UI_SERVER_BIN" ]]; then
  say "temporal ui server $TEMPORAL_UI_VERSION already built in $UI_DIR"
else
  command -v go >/dev/null || fail "go is missing: install a Go toolchain (1.23 or newer)"
  say "building temporal ui server $TEMPORAL_UI_VERSION into $UI_DIR"
  # Its go.mod has a replace directive, which `go install pkg@version` refuses: build inside a
  # copy of the module instead, with its own go.mod and go.sum.
  ui_module_dir="$(go mod download -json "github.com/temporalio/ui-server/v2@v$TEMPORAL_UI_VERSION" \
    | sed -nE 's/^[[:space:]]*"Dir": "(.*)",?$/\1/p')"
  [[ -f "$ui_module_dir/go.mod" ]] || fail "ui-server v$TEMPORAL_UI_VERSION not in the module cache"
  src="$UI_DIR/src"
  rm -rf "$src"
  mkdir -p "$UI_DIR/bin"
  cp -R "$ui_module_dir" "$src"
  chmod -R u+w "$src"
  (cd "$src" && go build -o "$TEMPORAL_UI_SERVER_BIN.tmp" ./cmd/server)
  mv "$TEMPORAL_UI_SERVER_BIN.tmp" "$TEMPORAL_UI_SERVER_BIN"
  rm -rf "$src"
  built=1
fi

if (( built )); then
  say "built in $((SECONDS - started)) s"
fi
if [[ "${1:-}" == "--paths" ]]; then
  print_paths
fi
