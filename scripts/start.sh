#!/usr/bin/env bash
# `npm start`: builds and packages the extension, installs it into code-server (a real VS Code in
# the browser; installed on first use) and opens the examples/ workspace at http://127.0.0.1:PORT.
# A Docker engine is connected when one is reachable (scripts/engine-up.sh). Ctrl+C stops it all.
# Env: LAYERWISE_PORT (default 8088; the next free port if taken).
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
source scripts/e2e/code-server.sh

say() { echo "[start] $*"; }

cs_ensure_installed || { say "code-server could not be installed; see the messages above."; exit 1; }

say "building and packaging the extension"
STATE=${XDG_CACHE_HOME:-$HOME/.cache}/layerwise-e2e/start
mkdir -p "$STATE"
if ! npm run --silent package -- --out "$STATE/layerwise.vsix" > "$STATE/package.log" 2>&1; then
  tail -30 "$STATE/package.log"; say "the extension did not build (full log: $STATE/package.log)"; exit 1
fi
[ -f "$STATE/user/User/settings.json" ] || cs_write_user_settings "$STATE/user"
if ! "$CS_BIN" --user-data-dir "$STATE/user" --extensions-dir "$STATE/extensions" --force --install-extension "$STATE/layerwise.vsix" > "$STATE/install.log" 2>&1; then
  cat "$STATE/install.log"; say "code-server could not install the extension"; exit 1
fi

# The engine is optional: linting works without it, and the Images view says how to connect one.
if [ -f scripts/engine-up.sh ] && engine_env=$(bash scripts/engine-up.sh 2> "$STATE/engine.log"); then
  eval "$engine_env"
  say "Docker engine: $DOCKER_HOST"
else
  say "no Docker engine reachable (see $STATE/engine.log): linting works; building and the image views need an engine."
fi

port=${LAYERWISE_PORT:-8088}
if curl -s -o /dev/null "http://127.0.0.1:$port/"; then port=$(cs_free_port); fi
trap 'cs_stop; if [ "${LAYERWISE_ENGINE_STARTED:-0}" = 1 ]; then bash scripts/engine-down.sh; fi; say "stopped."' EXIT
trap 'exit 130' INT TERM
cs_start "$STATE" "$port" "$ROOT/examples" || exit 1
say "Layerwise is running in VS Code (code-server $CS_VERSION):"
say ""
say "    http://127.0.0.1:$port/?folder=$ROOT/examples"
say ""
say "Open a Dockerfile, hover a squiggle, press Ctrl+. for the quick fixes; the Layerwise icon in the"
say "activity bar shows images and layer history. Press Ctrl+C here to stop."
wait "$CS_PID"
