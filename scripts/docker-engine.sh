#!/usr/bin/env bash
# Makes sure a Docker engine answers: uses the one at DOCKER_HOST or /var/run/docker.sock when it
# answers; otherwise installs Debian's docker.io if missing and starts dockerd in the background.
#   scripts/docker-engine.sh start   prints "started PID" when it started one, "running" otherwise
#   scripts/docker-engine.sh stop    stops the dockerd this script started (its pid file), nothing else
set -euo pipefail
CACHE="${PONTE_CACHE:-$HOME/.cache/ponte}"
PIDFILE="$CACHE/dockerd.pid"
log() { echo "docker-engine: $*" >&2; }

answers() { timeout 10 docker info >/dev/null 2>&1; }

case "${1:-start}" in
  start)
    if answers; then echo running; exit 0; fi
    if [ -n "${DOCKER_HOST:-}" ]; then
      log "DOCKER_HOST=$DOCKER_HOST does not answer; not starting a local engine in its place"
      exit 1
    fi
    if ! command -v dockerd >/dev/null 2>&1; then
      if [ "$(id -u)" != 0 ]; then log "no Docker engine: install Debian's docker.io (sudo apt-get install -y docker.io)"; exit 1; fi
      log "installing Debian's docker.io"
      export DEBIAN_FRONTEND=noninteractive
      apt-get update -qq >/dev/null
      apt-get install -y -qq --no-install-recommends docker.io >/dev/null
    fi
    if [ "$(id -u)" != 0 ]; then log "dockerd needs root here; start it with sudo, or set DOCKER_HOST"; exit 1; fi
    mkdir -p "$CACHE"
    nohup dockerd >"$CACHE/dockerd.log" 2>&1 &
    echo $! >"$PIDFILE"
    for _ in $(seq 1 60); do
      if answers; then echo "started $(cat "$PIDFILE")"; exit 0; fi
      sleep 1
    done
    log "dockerd did not answer within 60 s; its log: $CACHE/dockerd.log"
    tail -n 20 "$CACHE/dockerd.log" >&2 || true
    exit 1
    ;;
  stop)
    [ -f "$PIDFILE" ] || exit 0
    pid=$(cat "$PIDFILE")
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid"
      for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    fi
    rm -f "$PIDFILE"
    ;;
  *) log "usage: docker-engine.sh start|stop"; exit 2 ;;
esac
