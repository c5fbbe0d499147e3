// TextEncoder on a second checkpoint, bge-small-en-v1.5 (CLS pooling, a query prompt from
// config_sentence_transformers.json), through the installed @ruvector/sdk: the cross-target fixture
// tests/data/golden_text_bge_small.json (token ids from HF tokenizers with the prompt, embeddings from
// onnxruntime on the original ONNX file), retrieval with the prompts, and the named errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import * as rv from '@ruvector/sdk';

import { bgeModelDir } from './text_model_runner.mjs';

const ROOT = process.env.RUVECTOR_REPO_ROOT ? `${process.env.RUVECTOR_REPO_ROOT}/` : fileURLToPath(new URL('../../', import.meta.url));
const MODEL = bgeModelDir(ROOT);
const golden = JSON.parse(await readFile(`${ROOT}tests/data/golden_text_bge_small.json`, 'utf8'));
await rv.init();
const encoder = await rv.TextEncoder.load(MODEL);

function cosine(a, b) {
  let dot = 0; let na = 0; let nb = 0;
  for (let i = 0; i < a.length; i++) { dot += a[i] * b[i]; na += a[i] * a[i]; nb += b[i] * b[i]; }
  return dot / Math.sqrt(na * nb);
}

test('bge-small: the configs select CLS pooling and the prompts; ids and embeddings match the oracle', () => {
  assert.deepEqual([encoder.pooling, encoder.maxSeqLength, encoder.normalize, encoder.dim], ['cls', 512, true, 384]);
  assert.deepEqual(encoder.prompts, golden.prompts);
  assert.equal(encoder.defaultPromptName, null);
  for (const c of golden.cases) {
    assert.deepEqual([...encoder.tokenize(c.text, { promptName: c.prompt_name || undefined })], c.ids, JSON.stringify(c));
  }
  let worst = 1;
  for (const prompt of new Set(golden.cases.map((c) => c.prompt_name))) {
    const group = golden.cases.filter((c) => c.prompt_name === prompt);
    const rows = encoder.embed(group.map((c) => c.text), { batchSize: 8, promptName: prompt || undefined });
    group.forEach((c, i) => { worst = Math.min(worst, cosine(rows.subarray(i * 384, (i + 1) * 384), c.embedding)); });
  }
  console.log(`wasm bge-small: worst cosine to onnxruntime ${worst.toFixed(9)} over ${golden.cases.length} cases`);
  assert.ok(worst >= 0.9999, `worst cosine ${worst}`);
});

test('bge-small: with the prompts, each query finds its passage', () => {
  const { queries, passages } = golden.retrieval;
  const q = encoder.embed(queries, { promptName: 'query' });
  const p = encoder.embed(passages, { promptName: 'passage' });
  queries.forEach((query, i) => {
    const scores = passages.map((_, j) => cosine(q.subarray(i * 384, (i + 1) * 384), p.subarray(j * 384, (j + 1) * 384)));
    assert.equal(scores.indexOf(Math.max(...scores)), i, query);
  });
});

test('bge-small: unknown prompts and unsupported pooling, architecture or tokenizer are named errors', async () => {
  assert.throws(() => encoder.embed(['x'], { promptName: 'document' }),
    (e) => e instanceof rv.InvalidInput && e.message === "prompt_name 'document' is not one of the model's prompts ('query', 'passage')");
  assert.throws(() => encoder.tokenize('x', { promptName: 3 }), (e) => e instanceof rv.InvalidInput && e.message === 'promptName must be a string, got number');
  const files = {};
  for (const name of ['config.json', 'tokenizer.json', 'modules.json', 'sentence_bert_config.json', 'config_sentence_transformers.json',
    '1_Pooling/config.json']) files[name] = await readFile(`${MODEL}/${name}`);
  files['model.safetensors'] = new Uint8Array(16); // every refusal below comes before the weights are read
  const refused = {
    '1_Pooling/config.json': ['{"pooling_mode_max_tokens": true}', 'pooling config.json: pooling_mode_max_tokens is not supported (mean or cls only)'],
    'config.json': ['{"model_type": "roberta", "hidden_size": 8}', "config.json: model_type 'roberta' is not supported (expected bert)"],
    'tokenizer.json': ['{"model": {"type": "BPE", "vocab": {}}}', "tokenizer.json: model type 'BPE' is not supported (expected WordPiece)"],
  };
  for (const [name, [text, message]] of Object.entries(refused)) {
    assert.throws(() => rv.TextEncoder.fromFiles({ ...files, [name]: text }), (e) => e instanceof rv.EmbedError && e.message === message, name);
  }
});
