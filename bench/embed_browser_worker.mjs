// Module Worker for bench/wasm_embed_bench.mjs --chromium: receives {model, texts, quantize}, loads the
// TextEncoder by URL and times batch 1 (first 128 texts) and 32 (all) like the Node run: one warm-up
// batch, then every text once. Wall time only (browsers expose no CPU time).
import * as rv from '../web/js/index.mjs';

onmessage = async ({ data: { model, texts, quantize } }) => {
  try {
    await rv.init();
    const encoder = await rv.TextEncoder.load(new URL(model, import.meta.url), { quantize });
    const rows = [];
    for (const batch of [1, 32]) {
      const items = batch > 1 ? texts : texts.slice(0, 128);
      encoder.embed(items.slice(0, batch), { batchSize: batch });
      const t0 = performance.now();
      for (let i = 0; i < items.length; i += batch) encoder.embed(items.slice(i, i + batch), { batchSize: batch });
      rows.push({ engine: 'ruvector wasm (Chromium worker)', quantize: encoder.quantize, batch, texts: items.length,
        sentences_per_s_wall: items.length / ((performance.now() - t0) / 1e3) });
    }
    postMessage({ rows, userAgent: navigator.userAgent });
    encoder.dispose();
  } catch (err) {
    postMessage({ fatal: `${err?.name}: ${err?.message}` });
  }
};
