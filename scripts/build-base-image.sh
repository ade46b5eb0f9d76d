#!/usr/bin/env bash
# Builds, once, the offline base image the example's model image starts from: Debian bookworm
# with Python, scikit-learn, pandas, FastAPI and uvicorn, made by debootstrap from the machine's
# own Debian mirror (no image registry is reachable here) and imported into the Docker engine as
# ponte-base/python:bookworm. Returns at once when the engine already has it. About 2 minutes.
# Users with a registry use python:3.11-slim instead (examples/churn/Dockerfile's BASE argument).
set -euo pipefail
IMAGE="${PONTE_BASE_IMAGE:-ponte-base/python:bookworm}"
CACHE="${PONTE_CACHE:-$HOME/.cache/ponte}"
log() { echo "build-base-image: $*" >&2; }

if docker image inspect "$IMAGE" >/dev/null 2>&1; then echo "$IMAGE"; exit 0; fi
if ! command -v debootstrap >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends debootstrap >/dev/null
fi

# The mirror this machine's apt already uses: the first URIs line of its deb822 sources, or the
# first deb line of sources.list.
mirror=$(grep -h '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -n 1 | awk '{print $2}')
[ -n "$mirror" ] || mirror=$(grep -h '^deb ' /etc/apt/sources.list 2>/dev/null | head -n 1 | awk '{print $2}')
if [ -z "$mirror" ]; then log "no Debian mirror found in /etc/apt/sources.list.d/*.sources or /etc/apt/sources.list"; exit 1; fi

mkdir -p "$CACHE"
exec 9>"$CACHE/.base-image.lock"
flock 9
if docker image inspect "$IMAGE" >/dev/null 2>&1; then echo "$IMAGE"; exit 0; fi
rootfs=$(mktemp -d "$CACHE/rootfs.XXXXXX")
trap 'rm -rf "$rootfs"' EXIT
log "debootstrap bookworm from $mirror into $rootfs"
debootstrap --variant=minbase \
  --include=python3,python3-sklearn,python3-pandas,python3-fastapi,python3-uvicorn,python3-joblib,python3-yaml,ca-certificates \
  bookworm "$rootfs" "$mirror" >"$CACHE/debootstrap.log" 2>&1 || { log "debootstrap failed; see $CACHE/debootstrap.log"; tail -n 20 "$CACHE/debootstrap.log" >&2; exit 1; }
rm -rf "$rootfs/var/cache/apt/archives/"*.deb "$rootfs/var/lib/apt/lists/"*
tar -C "$rootfs" -c . | docker import -c 'ENV LANG=C.UTF-8' -c 'CMD ["python3"]' - "$IMAGE" >/dev/null
log "imported $IMAGE"
echo "$IMAGE"
