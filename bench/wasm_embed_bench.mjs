#!/usr/bin/env node
// The wasm TextEncoder in Node (one thread): sentences/s at batch 1 and 32 on the texts of a JSON file
// (bench/wasm_vs_native_embed.py writes them and runs this), measured like bench/embed_bench.py: one
// warm-up batch, then every text once; CPU time (process.cpuUsage) and wall time. Prints JSON.
//
// With --chromium it also runs them in a Chromium module worker (wall time only). --quantize int8
// loads the INT8 encoder (default fp32).
// Usage: node bench/wasm_embed_bench.mjs TEXTS.json MODEL_DIR [--quantize fp32|int8] [--chromium]
import { readFile } from 'node:fs/promises';

import * as rv from '../web/js/index.node.mjs';

const [textsFile, modelDir] = process.argv.slice(2);
if (!textsFile || !modelDir) {
  console.error('usage: node bench/wasm_embed_bench.mjs TEXTS.json MODEL_DIR');
  process.exit(2);
}
const quantizeAt = process.argv.indexOf('--quantize');
const quantize = quantizeAt > 0 ? process.argv[quantizeAt + 1] : 'fp32';
const texts = JSON.parse(await readFile(textsFile, 'utf8'));
await rv.init();
const encoder = await rv.TextEncoder.load(modelDir, { quantize });

function measure(items, batch) {
  encoder.embed(items.slice(0, batch), { batchSize: batch }); // warm-up
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  for (let i = 0; i < items.length; i += batch) encoder.embed(items.slice(i, i + batch), { batchSize: batch });
  const wall = (performance.now() - wall0) / 1e3;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  return { sentences_per_s_wall: items.length / wall, sentences_per_s_cpu: items.length / cpuSeconds };
}

const rows = [];
for (const batch of [1, 32]) {
  const items = batch > 1 ? texts : texts.slice(0, 128);
  rows.push({ engine: 'ruvector wasm (Node)', quantize: encoder.quantize, batch, texts: items.length,
    ...measure(items, batch) });
}
const first = encoder.embed(texts.slice(0, 64));
encoder.dispose();
let browser = null;
if (process.argv.includes('--chromium')) browser = await chromiumRows();
console.log(JSON.stringify({ node: process.version, rows: [...rows, ...(browser?.rows ?? [])], browser: browser?.userAgent ?? null,
  embeddings64: Array.from(first) }));

// The same texts in a Chromium module worker (bench/chromium_worker.mjs: Debian's chromium serving the
// repo root, where .venv holds the model files).
async function chromiumRows() {
  const { runInChromiumWorker, servedPath } = await import('./chromium_worker.mjs');
  return runInChromiumWorker('/bench/embed_browser_worker.mjs', { model: servedPath(modelDir), texts, quantize });
}
