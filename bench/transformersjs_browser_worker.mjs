// Module Worker for bench/transformersjs_bench.mjs --chromium: receives {models, modelId, texts, dtype},
// loads transformers.js's feature-extraction pipeline from local files only (onnxruntime-web, wasm,
// one thread; its wasm files from bench/js/node_modules, not a CDN) and times batch 1 (first 128 texts)
// and 32 (all) like the Node run: one warm-up batch, then every text once. Wall time only (browsers
// expose no CPU time). Replies {rows, userAgent, embeddings64} or {fatal}.
import { env, pipeline } from './js/node_modules/@huggingface/transformers/dist/transformers.js';

const ORT = new URL('./js/node_modules/onnxruntime-web/dist/', import.meta.url);

onmessage = async ({ data: { models, modelId, texts, dtype } }) => {
  try {
    env.allowRemoteModels = false;
    env.allowLocalModels = true;
    env.localModelPath = models;
    env.useBrowserCache = false;
    env.useWasmCache = false;
    env.backends.onnx.wasm.numThreads = 1;
    // The build transformers.js would fetch from jsDelivr by default (asyncify), from the local package.
    env.backends.onnx.wasm.wasmPaths = { mjs: new URL('ort-wasm-simd-threaded.asyncify.mjs', ORT).href,
      wasm: new URL('ort-wasm-simd-threaded.asyncify.wasm', ORT).href };
    const extractor = await pipeline('feature-extraction', modelId, { dtype, device: 'wasm' });
    const embed = (items) => extractor(items, { pooling: 'mean', normalize: true });
    const rows = [];
    for (const batch of [1, 32]) {
      const items = batch > 1 ? texts : texts.slice(0, 128);
      await embed(items.slice(0, batch));
      const t0 = performance.now();
      for (let i = 0; i < items.length; i += batch) await embed(items.slice(i, i + batch));
      rows.push({ engine: 'transformers.js (Chromium worker: onnxruntime-web, wasm)',
        quantize: dtype === 'q8' ? 'int8' : 'fp32', dtype, batch, texts: items.length,
        sentences_per_s_wall: items.length / ((performance.now() - t0) / 1e3) });
    }
    const embeddings64 = Array.from((await embed(texts.slice(0, 64))).data);
    await extractor.dispose();
    postMessage({ rows, userAgent: navigator.userAgent, embeddings64, numThreads: env.backends.onnx.wasm.numThreads,
      crossOriginIsolated: self.crossOriginIsolated });
  } catch (err) {
    postMessage({ fatal: `${err?.name}: ${err?.message}` });
  }
};
