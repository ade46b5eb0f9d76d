#!/usr/bin/env bash
# `npm run example`: installs what is missing, then runs Ponte's main job on examples/churn.
# It works on a temporary copy of the example so the repository stays clean; pass --in-place
# to run inside examples/churn itself (its outputs are git-ignored, dvc.lock is not).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
bash scripts/setup.sh
ponte() { node "$root/dist/cli.js" "$@"; }

if [ "${1:-}" = "--in-place" ]; then
  work=$root/examples/churn
else
  work=$(mktemp -d "${TMPDIR:-/tmp}/ponte-example.XXXXXX")
  # Only what git would commit: generated outputs stay behind.
  (cd examples/churn && git ls-files -co --exclude-standard -z . | xargs -0 -I{} cp --parents {} "$work/")
  echo "example: working on a copy in $work"
fi
cd "$work"

echo "== ponte validate"
ponte validate
