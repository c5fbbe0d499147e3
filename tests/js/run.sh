#!/usr/bin/env bash
# Node consumer tests: packs the repo with `npm pack`, installs the tarball offline into a fresh
# scratch project (the package has no dependencies) and runs tests/js/*.test.mjs there, so they see
# exactly what a user gets from `npm install @ruvector/sdk`. Assumes web/js/dist is built.
# Usage: tests/js/run.sh [extra node --test args]   (RUVECTOR_DENO=<deno>: the named files under Deno)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
for f in "$ROOT/web/js/dist/ruvector_wasm.mjs" "$ROOT/web/js/dist/ruvector_wasm.wasm"; do
  [ -f "$f" ] || { echo "run.sh: $f is missing: build it with 'cmake --workflow --preset wasm'" >&2; exit 2; }
done

SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/ruvector-js.XXXXXX")
trap 'rm -rf "$SCRATCH"' EXIT
TARBALL=$(cd "$ROOT" && npm pack --silent --ignore-scripts --pack-destination "$SCRATCH" | tail -n 1)

mkdir "$SCRATCH/consumer"
cd "$SCRATCH/consumer"
printf '{ "name": "ruvector-consumer", "private": true, "type": "module" }\n' > package.json
npm install --offline --no-audit --no-fund --loglevel=error "$SCRATCH/$TARBALL" >/dev/null
# Copied rather than run in place: '@ruvector/sdk' must resolve from node_modules, not by the
# repo's self-reference.
cp "$ROOT"/tests/js/*.test.mjs "$ROOT"/tests/js/*_runner.mjs .

export RUVECTOR_GOLDEN="$ROOT/tests/data/golden_flat.json" RUVECTOR_REPO_ROOT="$ROOT"
if [[ -n "${RUVECTOR_DENO:-}" ]]; then
  # tests/js/deno.sh: the named test files under Deno (--no-check: they are JavaScript, and Deno's type
  # check would want @types/node).
  "$RUVECTOR_DENO" --version | head -n 1
  "$RUVECTOR_DENO" test -A --no-check "$@"
else
  node --test --test-reporter=spec "$@" ./*.test.mjs
fi
