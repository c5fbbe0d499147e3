#!/usr/bin/env bash
# The JS/web test entry point (called by scripts/test): Node consumer tests of the packed package,
# `npm pack` from a clean clone (its prepack builds what git does not hold), an app bundled with Vite
# and with webpack 5 in Chromium,
# the TypeScript declaration check, the Chromium module-worker test, the browser example
# (examples/browser_search) and the A2A client on a page, in a Worker and in examples/a2a_browser.
# Builds nothing in this checkout (the clean-clone pack builds in its clone): web/js/dist must already
# hold the wasm module. Every step runs even if an earlier
# one fails; the exit status is non-zero if any failed.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
failed=()

step() {
  local name=$1; shift
  local start=$SECONDS
  echo "=== $name"
  if "$@"; then
    echo "=== $name: ok ($((SECONDS - start)) s)"
  else
    echo "=== $name: FAILED ($((SECONDS - start)) s)"
    failed+=("$name")
  fi
}

step "node consumer tests" tests/js/run.sh
step "npm pack from a clean clone (prepack builds the wasm and the Pyodide wheel)" tests/js/pack_clean_clone.sh
step "tsc declarations" node_modules/.bin/tsc -p web/js/tsconfig.json --noEmit
step "chromium worker test" node --test --test-reporter=spec tests/browser/worker.test.mjs tests/browser/witness.test.mjs tests/browser/text_encoder.test.mjs tests/browser/image_encoder.test.mjs
step "bundlers: Vite + webpack 5 builds in chromium" node --test --test-reporter=spec tests/bundlers/bundlers.test.mjs
step "chromium example tests" node --test --test-reporter=spec tests/browser/example.test.mjs tests/browser/lake_example.test.mjs
step "chromium A2A tests" node --test --test-reporter=spec tests/browser/a2a.test.mjs tests/browser/a2a_example.test.mjs tests/browser/a2a_cases.test.mjs

if ((${#failed[@]})); then
  echo "FAILED: ${failed[*]}"
  exit 1
fi
echo "all JS/web tests passed"
