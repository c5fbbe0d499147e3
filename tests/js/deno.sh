#!/usr/bin/env bash
# The Node consumer tests under Deno (it runs node:test files and resolves '@ruvector/sdk' from
# node_modules with its "node" condition): tests/js/run.sh's packed package, the test files that need
# no A2A peer. Not part of scripts/test: scripts/bootstrap does not install Deno. Get it from PyPI:
#   python3 -m venv /tmp/deno && /tmp/deno/bin/pip install deno==2.9.8 && DENO=/tmp/deno/bin/deno tests/js/deno.sh
# Assumes web/js/dist is built.
set -euo pipefail
DENO=${DENO:-deno}
command -v "$DENO" >/dev/null || { echo "deno.sh: no deno ($DENO): pip install deno, then DENO=<its bin>/deno $0" >&2; exit 2; }
RUVECTOR_DENO=$(command -v "$DENO") exec "$(dirname "$0")/run.sh" golden.test.mjs api.test.mjs rabitq.test.mjs \
  collection.test.mjs embed.test.mjs witness.test.mjs lake.test.mjs worker_node.test.mjs worker_rabitq.test.mjs \
  text_encoder.test.mjs image_encoder.test.mjs
