#!/usr/bin/env bash
# `npm test`: builds, then runs every suite. Usage: scripts/test.sh [unit|engine|e2e|all]
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-all}
t0=$(date +%s)
echo "[test] build"
node scripts/build.mjs
# A fresh out/: compiled tests of deleted sources must not run.
rm -rf out
npx tsc -p .

run_unit() {
  echo "[test] unit: rules, analysis, LSP over stdio, CLI, fuzz"
  npx mocha --reporter dot 'out/test/{rules,analysis,features,lsp,cli,fuzz,client,package}/**/*.test.js'
}

run_engine() {
  echo "[test] engine: build, images, history, run against a real Docker Engine"
  eval "$(bash scripts/engine-up.sh)"
  # Stop the daemon on exit only if this run's engine-up started it.
  if [ "${LAYERWISE_ENGINE_STARTED:-0}" = 1 ]; then trap 'bash scripts/engine-down.sh' EXIT; fi
  npx mocha --reporter dot --timeout 180000 'out/test/engine/**/*.test.js'
}

run_e2e() {
  echo "[test] e2e: real VS Code (code-server + chromium): extension-host suite, then the packaged .vsix in the UI"
  bash scripts/e2e.sh --no-build
}

case "$what" in
  unit) run_unit ;;
  engine) run_engine ;;
  e2e) run_e2e ;;
  all) run_unit; run_engine; run_e2e ;;
  *) echo "unknown suite: $what" >&2; exit 2 ;;
esac
echo "[test] all suites passed in $(( $(date +%s) - t0 ))s"
