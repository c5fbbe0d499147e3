// Browser test: Debian Chromium runs the package's ImageEncoder in a module Worker, loading
// EfficientNet-Lite0 (.venv/ruvector-models/efficientnet-lite0.safetensors, converted by
// scripts/bootstrap, served by serve.mjs from the repo root) by URL and embedding the golden images
// as ImageData: embeddings and logits reach cosine >= 0.9999 to PyTorch's and the same top-1 class
// (tests/data/golden_image_lite0.json).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cosine, workerResult } from './worker_result.mjs';
import { imageModelPath } from '../js/image_model_runner.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const golden = JSON.parse(await readFile(join(ROOT, 'tests/data/golden_image_lite0.json'), 'utf8'));

test('ImageEncoder in a Chromium module worker matches the golden fixture', { timeout: 240_000 }, async () => {
  const model = relative(ROOT, imageModelPath(ROOT));
  assert.ok(!model.startsWith('..'), `the model file must be under the repo root to be served: ${model}`);
  const result = await workerResult(ROOT, `/tests/browser/image_encoder_worker.mjs?model=${encodeURIComponent(`/${model}`)}`);
  assert.equal(result.fatal, undefined, result.fatal);
  const { dim, numClasses } = result;
  assert.deepEqual([dim, numClasses], [1280, 1000]);
  let worst = 1;
  golden.cases.forEach((c, i) => {
    const l = result.logits.slice(i * numClasses, (i + 1) * numClasses);
    assert.ok(cosine(l, c.logits) >= 0.9999, `${c.name}: logits cosine ${cosine(l, c.logits)}`);
    assert.equal(l.indexOf(Math.max(...l)), c.top5[0], c.name);
    worst = Math.min(worst, cosine(result.rows.slice(i * dim, (i + 1) * dim), c.embedding));
  });
  console.log(`chromium worker image encoder: worst embedding cosine to PyTorch ${worst.toFixed(7)}`);
  assert.ok(worst >= 0.9999, `worst cosine ${worst}`);
});
