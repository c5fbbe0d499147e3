#!/usr/bin/env bash
# The Pyodide tests: builds the wheel the npm package ships
# (web/pyodide/ruvector-<version>-py3-none-pyodide_2026_0_wasm32.whl, ~0.1 s, deterministic) unless
# RUVECTOR_PYODIDE_WHEEL names another one, then runs the Node and browser (Chromium module worker)
# tests; loadRuvector() installs the shipped copy by itself. Exits non-zero if anything fails.
set -euo pipefail
cd "$(dirname "$0")/../.."

if [[ -z "${RUVECTOR_PYODIDE_WHEEL:-}" ]]; then
  python=.venv/bin/python
  [[ -x "$python" ]] || python=python3
  "$python" scripts/build_pyodide_wheel.py
fi
exec node --test --test-concurrency=1 tests/pyodide/node.test.mjs tests/pyodide/a2a.test.mjs tests/pyodide/browser.test.mjs
