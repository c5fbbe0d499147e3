// Module Worker: loads the all-MiniLM-L6-v2 files by URL from the test's static server (the model
// directory named in ?model=), embeds the golden texts of tests/data/golden_embed_minilm.json with
// the package's TextEncoder (fp32, and quantize: 'int8'), and times fp32 batch 1 and 32 on the same
// texts; posts plain results back
// (checked in Node by text_encoder.test.mjs).
import * as rv from '../../web/js/index.mjs';

try {
  const model = new URL(new URL(import.meta.url).searchParams.get('model'), import.meta.url);
  const golden = await (await fetch(new URL('../data/golden_embed_minilm.json', import.meta.url))).json();
  await rv.init();
  const encoder = await rv.TextEncoder.load(model);
  const texts = golden.cases.map((c) => c.text);
  const ids = texts.map((t) => Array.from(encoder.tokenize(t)));
  const rows = Array.from(encoder.embed(texts, { batchSize: 8 }));
  const timing = {};
  const items = [...texts, ...texts, ...texts, ...texts].slice(0, 64);
  for (const batch of [1, 32]) {
    encoder.embed(items.slice(0, batch), { batchSize: batch });
    const t0 = performance.now();
    for (let i = 0; i < items.length; i += batch) encoder.embed(items.slice(i, i + batch), { batchSize: batch });
    timing[batch] = items.length / ((performance.now() - t0) / 1e3);
  }
  const int8 = await rv.TextEncoder.load(model, { quantize: 'int8' });
  const int8Rows = Array.from(int8.embed(texts, { batchSize: 8 }));
  postMessage({ dim: encoder.dim, ids, rows, timing, int8Rows, int8Quantize: int8.quantize, quantize: encoder.quantize });
  encoder.dispose();
  int8.dispose();
} catch (err) {
  postMessage({ fatal: `${err?.name}: ${err?.message}\n${err?.stack ?? ''}` });
}
