#!/usr/bin/env bash
# End-to-end tests in a real VS Code: code-server (VS Code 1.100.3) + headless Debian chromium.
#   1. the extension-host suite (test/e2e/suite) runs in code-server's extension host;
#   2. the packaged .vsix is installed into code-server and the UI suite (test/e2e/ui) clicks
#      through the workbench with playwright-core.
# Usage: scripts/e2e.sh [--no-build] [host|ui]   (default: both). Prints "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
source scripts/e2e/code-server.sh

build=1; which=all
for arg in "$@"; do
  case "$arg" in
    --no-build) build=0 ;;
    host|ui|all) which=$arg ;;
    *) echo "usage: scripts/e2e.sh [--no-build] [host|ui]" >&2; exit 2 ;;
  esac
done

t0=$(date +%s)
log() { echo "[e2e +$(( $(date +%s) - t0 ))s] $*"; }

RUN=$(mktemp -d "${TMPDIR:-/tmp}/layerwise-e2e.XXXXXX")
passed=0; failed=0
# The run folder holds code-server's and VS Code's logs: kept when something failed (or KEEP_E2E_RUN=1).
cleanup() {
  cs_stop
  if [ "${LAYERWISE_ENGINE_STARTED:-0}" = 1 ]; then bash scripts/engine-down.sh; fi
  if [ -n "${KEEP_E2E_RUN:-}" ] || [ "$failed" -gt 0 ]; then echo "[e2e] logs kept in $RUN (server.log, user/logs/, *-console.log)"; else rm -rf "$RUN"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fail_setup() { failed=1; log "$*"; echo "0 passed, 1 failed"; exit 1; }

if ((build)); then
  node scripts/build.mjs || fail_setup "the extension does not build"
  npx tsc -p . || fail_setup "the TypeScript does not compile"
fi
[ -f out/test/e2e/suite/index.js ] || fail_setup "out/test/e2e is missing: run npx tsc -p . first"

# The Docker engine (code-server's extension host inherits DOCKER_HOST): the one at DOCKER_HOST when
# it answers, else a private dockerd that engine-up.sh starts and this script stops again.
engine_env=$(bash scripts/engine-up.sh) || fail_setup "scripts/engine-up.sh could not provide a Docker engine"
eval "$engine_env"
log "Docker engine: $DOCKER_HOST"
# Build records (cache prediction) of this run stay in the run folder, not in the user's cache.
export LAYERWISE_RECORDS=$RUN/build-records

cs_ensure_installed || fail_setup "code-server could not be installed"
log "code-server $CS_VERSION ready"

# Each run works on a fresh copy of examples/ so tests may edit, build and save freely.
make_workspace() { rm -rf "$1"; cp -r "$ROOT/examples" "$1"; }

add_result() { # add_result FILE SUITE
  if [ -f "$1" ]; then
    read -r p f < <(node -e 'const r=require(process.argv[1]);console.log(r.passed, r.failed)' "$1")
    passed=$((passed + p)); failed=$((failed + f))
    node -e 'const r=require(process.argv[1]);for(const x of r.failures)console.log("  ✗ "+x)' "$1"
  else
    log "the $2 suite reported no results (it crashed or timed out): counted as one failure"
    failed=$((failed + 1))
  fi
}

run_host_suite() {
  local ws=$RUN/host-workspace port
  make_workspace "$ws"
  port=$(cs_free_port)
  LAYERWISE_E2E_RESULT=$RUN/host-result.json cs_start "$RUN/host" "$port" "$ws" || { failed=$((failed + 1)); return; }
  log "extension-host suite: code-server on port $port"
  LAYERWISE_E2E_CONSOLE_LOG=$RUN/host-console.log LAYERWISE_CS_URL=http://127.0.0.1:$port LAYERWISE_EXT_DIR=$ROOT LAYERWISE_WS_DIR=$ws \
    timeout -k 10 300 node out/test/e2e/runInCodeServer.js
  cs_stop
  add_result "$RUN/host-result.json" "extension-host"
}

# The packaged .vsix, installed into code-server the way a user installs it; the UI suite drives it.
run_ui_suite() {
  local ws=$RUN/ui-workspace port vsix=$RUN/layerwise.vsix
  log "packaging the extension"
  if ! npm run --silent package -- --out "$vsix" > "$RUN/package.log" 2>&1; then
    tail -20 "$RUN/package.log"; log "npm run package failed"; failed=$((failed + 1)); return
  fi
  log "installing $(du -k "$vsix" | cut -f1) KB .vsix into code-server"
  mkdir -p "$RUN/ui"; cs_write_user_settings "$RUN/ui/user"
  if ! "$CS_BIN" --user-data-dir "$RUN/ui/user" --extensions-dir "$RUN/ui/extensions" --install-extension "$vsix" > "$RUN/install-extension.log" 2>&1 ||
     ! compgen -G "$RUN/ui/extensions/layerwise.layerwise-*/package.json" > /dev/null; then
    cat "$RUN/install-extension.log"; log "code-server could not install the .vsix"; failed=$((failed + 1)); return
  fi
  make_workspace "$ws"
  port=$(cs_free_port)
  cs_start "$RUN/ui" "$port" "$ws" || { failed=$((failed + 1)); return; }
  log "UI suite: code-server on port $port, screenshots in test-results/"
  LAYERWISE_E2E_RESULT=$RUN/ui-result.json LAYERWISE_CS_URL=http://127.0.0.1:$port LAYERWISE_WS_DIR=$ws \
    timeout -k 10 300 npx mocha --no-config --timeout 90000 --reporter out/test/e2e/support/resultReporter.js 'out/test/e2e/ui/**/*.test.js'
  cs_stop
  add_result "$RUN/ui-result.json" "UI"
}

case "$which" in
  host) run_host_suite ;;
  ui) run_ui_suite ;;
  all) run_host_suite; run_ui_suite ;;
esac

log "done"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
