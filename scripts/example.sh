#!/usr/bin/env bash
# `npm run example`: installs what is missing, then runs Ponte's main job on examples/churn:
# validate the pipeline files, run the pipeline (training for real with scikit-learn), run the
# tests and data checks, check the gates, and list the recorded experiments.
# It works on a temporary copy of the example so the repository stays clean (outputs, dvc.lock,
# the cache and the store stay in the copy, whose path is printed); pass --in-place to run inside
# examples/churn itself (its outputs are git-ignored; dvc.lock is then written there).
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

echo; echo "== ponte validate"
ponte validate
echo; echo "== ponte run"
ponte run
echo; echo "== ponte run (again: nothing to do)"
ponte run
echo; echo "== ponte test"
ponte test
echo; echo "== ponte gate"
ponte gate
echo; echo "== ponte exp list"
ponte exp list
echo; echo "example: done; the project, its dvc.lock, cache and recorded runs are in $work"
