# Sourced by scripts/e2e.sh and scripts/start.sh: installs code-server (a real VS Code that runs
# on Node 20) outside the repository, once, and starts/stops it.
# code-server 4.100.3 = VS Code 1.100.3, the newest whose engines accept Node 20.
CS_VERSION=4.100.3
CS_HOME=${LAYERWISE_CODE_SERVER_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/layerwise-e2e/code-server-$CS_VERSION}
CS_BIN=$CS_HOME/node_modules/.bin/code-server

cs_log() { echo "[code-server] $*" >&2; }

# Debian packages: chromium (the browser the UI tests drive), libkrb5-dev (code-server's
# native kerberos module builds against it), ripgrep (seeds @vscode/ripgrep, see below).
cs_ensure_apt() {
  local need=()
  command -v chromium >/dev/null || need+=(chromium)
  dpkg -s libkrb5-dev >/dev/null 2>&1 || need+=(libkrb5-dev)
  command -v rg >/dev/null || need+=(ripgrep)
  ((${#need[@]})) || return 0
  if [ "$(id -u)" != 0 ]; then
    cs_log "missing system packages: ${need[*]}. Install them (sudo apt-get install ${need[*]}) and retry."
    return 1
  fi
  cs_log "installing ${need[*]} with apt"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
}

cs_ensure_installed() {
  cs_ensure_apt || return 1
  if [ -x "$CS_BIN" ] && "$CS_BIN" --version >/dev/null 2>&1; then return 0; fi
  cs_log "installing code-server $CS_VERSION into $CS_HOME (about a minute, once)"
  mkdir -p "$CS_HOME"
  [ -f "$CS_HOME/package.json" ] || echo '{"private":true}' > "$CS_HOME/package.json"
  # @vscode/ripgrep's postinstall downloads rg from GitHub, which is unreachable here:
  # put Debian's rg in the cache it looks in first.
  local rg_cache
  rg_cache="$(node -p 'require("os").tmpdir()')/vscode-ripgrep-cache-1.15.11"
  mkdir -p "$rg_cache"
  [ -f "$rg_cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" ] ||
    tar czf "$rg_cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C "$(dirname "$(command -v rg)")" rg
  # unsafe_perm: code-server's postinstall refuses to run as root without it;
  # yes: node-pty's postinstall runs `npx node-gyp` and must not prompt.
  if ! (cd "$CS_HOME" && npm_config_unsafe_perm=true npm_config_yes=true \
        npm install --no-audit --no-fund --loglevel=error "code-server@$CS_VERSION" > "$CS_HOME/install.log" 2>&1); then
    tail -40 "$CS_HOME/install.log" >&2
    cs_log "install failed; full log: $CS_HOME/install.log"
    return 1
  fi
  "$CS_BIN" --version >/dev/null 2>&1 || { cs_log "installed, but $CS_BIN does not run"; return 1; }
}

# cs_write_user_settings DIR: user settings for a quiet, deterministic workbench. Workspace trust
# stays enabled (the product declares limited support for untrusted workspaces); the test
# folder is trusted by turning the trust prompt off for this throwaway profile only.
cs_write_user_settings() {
  mkdir -p "$1/User"
  cat > "$1/User/settings.json" <<'JSON'
{
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "workbench.enableExperiments": false,
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "extensions.ignoreRecommendations": true,
  "update.mode": "none",
  "telemetry.telemetryLevel": "off",
  "security.workspace.trust.enabled": false,
  "git.enabled": false,
  "window.restoreWindows": "none",
  "files.hotExit": "off"
}
JSON
}

# cs_start RUN_DIR PORT FOLDER [extra args]: starts code-server in its own process group;
# sets CS_PID. Returns non-zero if it is not healthy within 60 s.
cs_start() {
  local run=$1 port=$2 folder=$3; shift 3
  mkdir -p "$run"
  [ -f "$run/user/User/settings.json" ] || cs_write_user_settings "$run/user"
  XDG_DATA_HOME="$run/xdg-data" XDG_CONFIG_HOME="$run/xdg-config" setsid "$CS_BIN" \
    --auth none --bind-addr "127.0.0.1:$port" \
    --disable-telemetry --disable-update-check --disable-getting-started-override \
    --user-data-dir "$run/user" --extensions-dir "$run/extensions" --config "$run/config.yaml" \
    "$@" "$folder" > "$run/server.log" 2>&1 < /dev/null &
  CS_PID=$!
  local i
  for i in $(seq 1 300); do
    curl -sf -o /dev/null "http://127.0.0.1:$port/healthz" && return 0
    kill -0 "$CS_PID" 2>/dev/null || break
    sleep 0.2
  done
  cs_log "code-server did not become healthy on port $port; last log lines:"
  tail -20 "$run/server.log" >&2
  return 1
}

# Kills code-server's whole process group (server, extension host, language server, watchers).
cs_stop() {
  [ -n "${CS_PID:-}" ] || return 0
  kill -TERM -- "-$CS_PID" 2>/dev/null || true
  local i
  for i in $(seq 1 25); do kill -0 -- "-$CS_PID" 2>/dev/null || { CS_PID=; return 0; }; sleep 0.2; done
  kill -KILL -- "-$CS_PID" 2>/dev/null || true
  CS_PID=
}

# A free TCP port on 127.0.0.1.
cs_free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}
