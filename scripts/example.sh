#!/usr/bin/env bash
# `npm run example`: installs what is missing, then runs Ponte's whole loop on examples/churn, on a
# real Docker engine (started if needed) with an offline base image: version data, train, test,
# gate, register, build, deploy behind the monitoring proxy; production traffic (undrifted, then
# drifted, labels arriving later); the window that closes with drift fires an alert to the event
# stream and to a local webhook sink; `ponte retrain` trains on the new data, gates, builds and
# redeploys blue/green; drifted traffic again: no drift alert, accuracy recovered. The steps are
# in scripts/example-loop.ts; it prints a line per step, then a summary, and writes the summary
# as JSON and the loop as an HTML page (paths printed).
#
# It works on a temporary copy of the example so the repository stays clean (outputs, dvc.lock,
# the cache and the store stay in the copy, whose path is printed). Options:
#   --in-place        run inside examples/churn itself (its outputs are git-ignored)
#   --until alert     stop once the drift alert has arrived and the labels are in (no retrain)
#   --summary FILE    where the summary JSON goes (default: <copy>/.ponte/loop/summary.json)
#   --report FILE     where the HTML report goes (default: <copy>/.ponte/loop/report.html)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

in_place=
loop_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --in-place) in_place=1 ;;
    --until|--summary|--report)
      [ $# -ge 2 ] || { echo "example: $1 needs a value" >&2; exit 2; }
      loop_args+=("$1" "$2"); shift ;;
    *) echo "example: unknown option $1 (--in-place, --until alert, --summary FILE, --report FILE)" >&2; exit 2 ;;
  esac
  shift
done

bash scripts/setup.sh

if [ -n "$in_place" ]; then
  work=$root/examples/churn
else
  work=$(mktemp -d "${TMPDIR:-/tmp}/ponte-example.XXXXXX")
  # Only what git would commit: generated outputs stay behind.
  (cd examples/churn && git ls-files -co --exclude-standard -z . | xargs -0 -I{} cp --parents {} "$work/")
  echo "example: working on a copy in $work"
fi

echo "example: a Docker engine and the offline base image (built once from Debian's packages; no registry is reached)"
engine=$(bash scripts/docker-engine.sh start)
base=$(bash scripts/build-base-image.sh)
echo "example: engine $engine; base image $base"
cleanup() {
  case "$engine" in started*) bash "$root/scripts/docker-engine.sh" stop ;; esac
}
trap cleanup EXIT

node --import tsx scripts/example-loop.ts --project "$work" --base-image "$base" "${loop_args[@]}"
