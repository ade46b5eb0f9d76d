#!/usr/bin/env bash
# `npm run example`: installs what is missing, then runs Ponte's main job on examples/churn:
# validate the pipeline files, run the pipeline (training for real with scikit-learn), run the
# tests and data checks, check the gates, list the recorded experiments, then take the model to
# production: register it, promote it, build its image, start the backend, deploy it behind the
# monitoring proxy and send it a few requests (all on a real Docker engine, started if needed).
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

echo; echo "== a Docker engine and the offline base image (built once from Debian's packages; no registry is reached)"
engine=$(bash "$root/scripts/docker-engine.sh" start)
base=$(bash "$root/scripts/build-base-image.sh")
echo "engine: $engine; base image: $base"

echo; echo "== ponte model register, then promote to production"
ponte model register
version=$(ponte model list --json | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s)[0].version))')
ponte model promote "$version" --to production

echo; echo "== ponte build --model production (the model file from the DVC cache)"
ponte build --model production --build-arg "BASE_IMAGE=$base"

echo; echo "== ponte serve (the backend with the monitoring proxy), in the background"
node "$root/dist/cli.js" serve --port 0 --log-level warn > .ponte/serve.log 2>&1 &
serve_pid=$!
cleanup() {
  ponte undeploy production >/dev/null 2>&1 || true
  kill "$serve_pid" 2>/dev/null || true
  wait "$serve_pid" 2>/dev/null || true
  case "$engine" in started*) bash "$root/scripts/docker-engine.sh" stop ;; esac
}
trap cleanup EXIT
for _ in $(seq 1 100); do grep -q '"listening"' .ponte/serve.log 2>/dev/null && break; sleep 0.2; done

echo; echo "== ponte deploy production"
ponte deploy production

echo; echo "== three requests through the proxy (each recorded with its features and prediction)"
ponte predict production
ponte predict production --data '{"age": 23, "income": 18000, "plan": "basic", "tenure_months": 2, "monthly_charges": 79.0, "support_calls": 6}'
ponte predict production --data '{"age": 61, "income": 95000, "plan": "pro", "tenure_months": 96, "monthly_charges": 35.5, "support_calls": 0}'

echo; echo "== ponte deployments"
ponte deployments

echo; echo "example: done; the project, its dvc.lock, cache, recorded runs and model versions are in $work"
echo "(the deployment and the backend are stopped now; 'ponte serve' and 'ponte deploy production' there start them again)"
