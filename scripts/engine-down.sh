#!/usr/bin/env bash
# Stops the private dockerd that engine-up.sh started (and nothing else).
set -euo pipefail
root=${LAYERWISE_ENGINE_ROOT:-/tmp/layerwise-engine}
marker="$root/started-by-layerwise.pid"
[ -f "$marker" ] || exit 0
pid=$(cat "$marker")
if kill -0 "$pid" 2>/dev/null; then
  kill "$pid"
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
fi
rm -f "$marker"
# Remove the private bridge engine-up created (never docker0).
if [ -f "$root/bridge" ]; then
  br=$(cat "$root/bridge"); [ "$br" != docker0 ] && ip link delete "$br" 2>/dev/null || true
  rm -f "$root/bridge"
fi
echo "[engine-down] stopped dockerd $pid" >&2
