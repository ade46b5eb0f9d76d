#!/usr/bin/env bash
# Every test: typecheck, lint, unit, integration, end-to-end in a real VS Code. Installs what it lacks.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
echo "== typecheck"; npm run --silent typecheck
echo "== lint"; npm run --silent lint
echo "== unit"; node scripts/run-tests.mjs unit
# The container tests build and run real images: a Docker engine (started here when none answers,
# and stopped at the end if this run started it) and the offline base image they build from.
echo "== docker"
engine=$(bash scripts/docker-engine.sh start)
case "$engine" in started*) trap 'bash scripts/docker-engine.sh stop' EXIT ;; esac
bash scripts/build-base-image.sh >/dev/null
echo "== integration"; node scripts/run-tests.mjs integration
# e2e: code-server (installed once into ${PONTE_CACHE:-~/.cache/ponte}) driven by Chromium;
# screenshots of every step land in test-results/.
echo "== e2e"
bash scripts/install-code-server.sh >/dev/null
rm -rf test-results
node scripts/run-tests.mjs e2e
