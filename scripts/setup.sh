#!/usr/bin/env bash
# Installs what Ponte's example and tests need on a fresh Debian machine, skipping what is
# already there: Debian packages, npm packages, and the build. Safe to run again and again.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
for p in git git-lfs python3-sklearn python3-pandas python3-pytest python3-scipy python3-fastapi python3-uvicorn \
         chromium libkrb5-dev postgresql docker.io debootstrap prometheus \
         rsync; do  # rsync: gitlab-ci-local's shell executor copies the checkout with it
  have_pkg "$p" || need_apt+=("$p")
done
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi

# ESLint and typescript-eslint with their own TypeScript 6 (see tools/lint/package.json).
if [ ! -d tools/lint/node_modules ] || [ tools/lint/package-lock.json -nt tools/lint/node_modules/.package-lock.json ]; then
  echo "setup: npm ci --prefix tools/lint"
  npm ci --prefix tools/lint --no-audit --no-fund --loglevel=error
fi

echo "setup: building"
npm run --silent build
