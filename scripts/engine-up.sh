#!/usr/bin/env bash
# Makes sure a Docker Engine answers for the engine tests and prints `export DOCKER_HOST=…` to eval.
# Uses the engine at $DOCKER_HOST (or the default socket) when it answers; otherwise starts a private
# dockerd (Debian docker.io) under a temp root and creates the registry-free base image local/busybox:1.
# Diagnostics go to stderr so stdout stays eval-able.
set -euo pipefail
log() { echo "[engine-up] $*" >&2; }

ping_socket() { curl -sf --max-time 5 --unix-socket "$1" http://d/_ping >/dev/null 2>&1; }
ping_host() {
  case "$1" in
    unix://*) ping_socket "${1#unix://}" ;;
    tcp://*) curl -sf --max-time 5 "http://${1#tcp://}/_ping" >/dev/null 2>&1 ;;
    *) return 1 ;;
  esac
}

host=${DOCKER_HOST:-unix:///var/run/docker.sock}
started=0
if ping_host "$host"; then
  log "using the engine at $host"
else
  root=${LAYERWISE_ENGINE_ROOT:-/tmp/layerwise-engine}
  bridge=${LAYERWISE_ENGINE_BRIDGE:-lwbr0}
  bridge_cidr=${LAYERWISE_ENGINE_BRIDGE_CIDR:-172.31.254.1/24}
  mkdir -p "$root"
  if ! command -v dockerd >/dev/null || [ ! -x /bin/busybox ]; then
    log "installing docker.io and busybox-static (apt-get)"
    { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends docker.io busybox-static; } >&2
  fi
  host="unix://$root/docker.sock"
  if ! ping_host "$host"; then
    # Our own bridge, never docker0: another daemon on this machine may own docker0, and a daemon
    # deletes its bridge when it stops. Port publishing still works through docker-proxy.
    command -v ip >/dev/null || { apt-get update -q && apt-get install -y -q iproute2; } >&2
    if ! ip link show "$bridge" >/dev/null 2>&1; then
      ip link add "$bridge" type bridge && ip addr add "$bridge_cidr" dev "$bridge" && ip link set "$bridge" up
    fi
    log "starting a private dockerd at $host (bridge $bridge)"
    setsid dockerd -H "$host" --data-root "$root/data" --exec-root "$root/exec" --pidfile "$root/dockerd.pid" \
      --bridge="$bridge" --iptables=false --ip-masq=false \
      --storage-driver=overlay2 >"$root/dockerd.log" 2>&1 </dev/null &
    for _ in $(seq 1 150); do ping_host "$host" && break; sleep 0.2; done
    ping_host "$host" || { tail -20 "$root/dockerd.log" >&2; log "dockerd did not start"; exit 1; }
    # engine-down.sh stops only a daemon whose pid file we wrote.
    cp "$root/dockerd.pid" "$root/started-by-layerwise.pid"
    echo "$bridge" >"$root/bridge"
    started=1
  fi
fi

export DOCKER_HOST="$host"
DOCKER=/usr/bin/docker; [ -x "$DOCKER" ] || DOCKER=docker
if ! "$DOCKER" image inspect local/busybox:1 >/dev/null 2>&1; then
  [ -x /bin/busybox ] || { log "local/busybox:1 is missing and /bin/busybox (busybox-static) is not installed"; exit 1; }
  log "creating local/busybox:1 from busybox-static"
  rootfs=$(mktemp -d)
  mkdir -p "$rootfs/bin" "$rootfs/etc" "$rootfs/tmp" "$rootfs/root"
  cp /bin/busybox "$rootfs/bin/busybox"
  for a in $(/bin/busybox --list); do [ "$a" = busybox ] || ln -sf busybox "$rootfs/bin/$a"; done
  echo 'root:x:0:0:root:/root:/bin/sh' >"$rootfs/etc/passwd"; echo 'root:x:0:' >"$rootfs/etc/group"
  tar -C "$rootfs" -c . | "$DOCKER" import -c 'ENV PATH=/bin' -c 'CMD ["/bin/sh"]' - local/busybox:1 >/dev/null
  rm -rf "$rootfs"
fi
echo "export DOCKER_HOST=$host"
# Tells the caller whether this invocation started the daemon (and so should stop it).
echo "export LAYERWISE_ENGINE_STARTED=$started"
