#!/usr/bin/env bash
# `npm pack` from a clean clone ships the wasm module and the Pyodide wheel, which git does not hold:
# npm's prepack (scripts/npm_prepack) must build them. Clones the committed HEAD into a scratch
# directory (no build/, no web/js/dist, no wheel), links the vendored sources scripts/bootstrap
# fetched (third_party/ is git-ignored), packs, and checks the tarball: the file list, a .wasm that
# WebAssembly.validate accepts and the wheel's Pyodide tag. Also checks that prepack without
# emscripten fails with a message saying how to get it. ccache makes the wasm build mostly a link.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/ruvector-pack.XXXXXX")
trap 'rm -rf "$SCRATCH"' EXIT

git clone -q "$ROOT" "$SCRATCH/clone"
cd "$SCRATCH/clone"
[[ -d third_party/libsodium ]] || ln -s "$ROOT/third_party" third_party
if [[ -e web/js/dist/ruvector_wasm.wasm ]] || compgen -G 'web/pyodide/*.whl' >/dev/null; then
  echo "pack_clean_clone: the clone already holds built files: not a clean tree" >&2; exit 1
fi

# Without emscripten on PATH, prepack stops and says what to run.
if out=$(PATH=/nonexistent /bin/bash scripts/npm_prepack 2>&1); then
  echo "pack_clean_clone: prepack succeeded without em++ on PATH" >&2; exit 1
fi
grep -q 'em++ not found.*scripts/bootstrap' <<<"$out" || { echo "pack_clean_clone: unhelpful message: $out" >&2; exit 1; }

start=$SECONDS
npm pack --json --loglevel=error --pack-destination "$SCRATCH" >"$SCRATCH/pack.json"
echo "npm pack from a clean clone (prepack included): $((SECONDS - start)) s"
tarball="$SCRATCH/$(node -p 'JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))[0].filename' "$SCRATCH/pack.json")"
mkdir "$SCRATCH/unpacked"
tar -xzf "$tarball" -C "$SCRATCH/unpacked"

node --input-type=module - "$SCRATCH/pack.json" "$SCRATCH/unpacked/package" <<'JS'
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const [packJson, unpacked] = process.argv.slice(2);
const [pack] = JSON.parse(readFileSync(packJson, 'utf8'));
const files = pack.files.map((f) => f.path);
const wheel = `web/pyodide/ruvector-${pack.version}-py3-none-pyodide_2026_0_wasm32.whl`;
for (const required of ['web/js/dist/ruvector_wasm.mjs', 'web/js/dist/ruvector_wasm.wasm', wheel,
  'web/js/index.mjs', 'web/js/worker.mjs', 'web/pyodide/loader.mjs', 'LICENSE']) {
  assert.ok(files.includes(required), `${required} missing from the tarball: ${files.join(', ')}`);
}
assert.deepEqual(files.filter((f) => f.endsWith('.whl')), [wheel], 'exactly one wheel, the Pyodide one');
const wasm = readFileSync(`${unpacked}/web/js/dist/ruvector_wasm.wasm`);
assert.ok(WebAssembly.validate(wasm), `the packed ruvector_wasm.wasm (${wasm.length} bytes) is not valid wasm`);
const wheelBytes = readFileSync(`${unpacked}/${wheel}`);
assert.equal(wheelBytes.subarray(0, 4).toString('latin1'), 'PK\x03\x04', 'the wheel is not a zip archive');
console.log(`tarball: ${files.length} files, ${pack.size} bytes packed; wasm ${wasm.length} bytes, wheel ${wheelBytes.length} bytes`);
JS
