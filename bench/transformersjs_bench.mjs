#!/usr/bin/env node
// transformers.js (npm @huggingface/transformers, pinned in bench/js/package-lock.json) as a peer of
// bench/wasm_embed_bench.mjs: its feature-extraction pipeline (pooling 'mean', normalize true) on
// all-MiniLM-L6-v2 from local files only, sentences/s at batch 1 (the first 128 texts) and 32 (all),
// measured like the other rows: one warm-up batch, then every text once.
//
// - Node: transformers.js runs onnxruntime-node there (native CPU code, not wasm), one intra-op and one
//   inter-op thread; CPU time (process.cpuUsage) and wall time, their ratio (at most about 1 on one
//   thread, lower on a loaded machine) and busy_threads: how many of the process's threads did >= 10 %
//   of the CPU work while timed (/proc/self/task; 1 here, 2 with onnxruntime's default on 2 cores).
// - --chromium: the same in a Chromium module worker, where it runs onnxruntime-web (wasm, SIMD, the
//   asyncify build transformers.js picks by default, served from bench/js/node_modules instead of its
//   CDN) with numThreads = 1. Wall time only.
//
// MODELS is transformers.js's localModelPath: MODELS/all-MiniLM-L6-v2/ holds config.json,
// tokenizer.json, tokenizer_config.json, onnx/model.onnx (fp32) and onnx/model_quantized.onnx (int8,
// dtype q8); bench/wasm_vs_native_embed.py assembles it. The npm dependency lives in bench/js only (never
// in the SDK's package.json): the first run installs it with `npm ci`. Prints JSON.
// Usage: node bench/transformersjs_bench.mjs TEXTS.json MODELS [--dtype fp32|q8] [--chromium]
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const MODEL_ID = 'all-MiniLM-L6-v2';
const JS_DIR = fileURLToPath(new URL('./js/', import.meta.url));
const PACKAGE = resolve(JS_DIR, 'node_modules/@huggingface/transformers');

/** CPU clock ticks (user + system) of each of this process's threads (Linux /proc; {} elsewhere). */
function threadTicks() {
  if (!existsSync('/proc/self/task')) return {};
  const ticks = {};
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks[tid] = Number(fields[11]) + Number(fields[12]); // utime, stime
    } catch {
      // the thread ended meanwhile
    }
  }
  return ticks;
}

/** How many threads did >= 10 % of the CPU work between two threadTicks() (the one-thread check). */
function busyThreads(before, after) {
  const used = Object.entries(after).map(([tid, t]) => t - (before[tid] ?? 0));
  const total = used.reduce((a, b) => a + b, 0);
  return total > 0 ? used.filter((u) => u >= 0.1 * total).length : null;
}

/** Installs bench/js's pinned packages (`npm ci`) unless the locked transformers.js is already there. */
export function ensureInstalled() {
  const wanted = JSON.parse(readFileSync(resolve(JS_DIR, 'package-lock.json'), 'utf8'))
    .packages['node_modules/@huggingface/transformers'].version;
  const installed = existsSync(resolve(PACKAGE, 'package.json'))
    ? JSON.parse(readFileSync(resolve(PACKAGE, 'package.json'), 'utf8')).version : null;
  if (installed === wanted) return wanted;
  console.error(`bench/js: npm ci (@huggingface/transformers ${wanted})`);
  // onnxruntime-node's install script would fetch CUDA binaries from nuget.org (unreachable, unused).
  const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: JS_DIR, stdio: ['ignore', 2, 2],
    env: { ...process.env, ONNXRUNTIME_NODE_INSTALL: 'skip' } });
  if (r.status !== 0) throw new Error(`npm ci in bench/js failed (${r.error?.message ?? `exit ${r.status}`})`);
  return wanted;
}

async function main() {
  const [textsFile, models] = process.argv.slice(2);
  if (!textsFile || !models) {
    console.error('usage: node bench/transformersjs_bench.mjs TEXTS.json MODELS [--dtype fp32|q8] [--chromium]');
    process.exit(2);
  }
  const dtypeAt = process.argv.indexOf('--dtype');
  const dtype = dtypeAt > 0 ? process.argv[dtypeAt + 1] : 'fp32';
  if (!['fp32', 'q8'].includes(dtype)) throw new Error(`--dtype ${dtype}: fp32 or q8`);
  const texts = JSON.parse(await readFile(textsFile, 'utf8'));
  const version = ensureInstalled();
  const { pipeline, env } = await import(resolve(PACKAGE, 'dist/transformers.node.mjs'));
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = resolve(models);
  const extractor = await pipeline('feature-extraction', MODEL_ID, { dtype, device: 'cpu',
    session_options: { intraOpNumThreads: 1, interOpNumThreads: 1 } });
  const embed = (items) => extractor(items, { pooling: 'mean', normalize: true });

  async function measure(items, batch) {
    await embed(items.slice(0, batch)); // warm-up
    const ticks0 = threadTicks();
    const cpu0 = process.cpuUsage();
    const wall0 = performance.now();
    for (let i = 0; i < items.length; i += batch) await embed(items.slice(i, i + batch));
    const wall = (performance.now() - wall0) / 1e3;
    const cpu = process.cpuUsage(cpu0);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    return { sentences_per_s_wall: items.length / wall, sentences_per_s_cpu: items.length / cpuSeconds,
      cpu_over_wall: cpuSeconds / wall, busy_threads: busyThreads(ticks0, threadTicks()) };
  }

  const quantize = dtype === 'q8' ? 'int8' : 'fp32';
  const rows = [];
  for (const batch of [1, 32]) {
    const items = batch > 1 ? texts : texts.slice(0, 128);
    rows.push({ engine: 'transformers.js (Node: onnxruntime-node, native CPU)', quantize, dtype, batch,
      texts: items.length, ...(await measure(items, batch)) });
  }
  const first = (await embed(texts.slice(0, 64))).data;
  await extractor.dispose();
  let browser = null;
  if (process.argv.includes('--chromium')) {
    const { runInChromiumWorker, servedPath } = await import('./chromium_worker.mjs');
    browser = await runInChromiumWorker('/bench/transformersjs_browser_worker.mjs',
      { models: servedPath(resolve(models)), modelId: MODEL_ID, texts, dtype });
  }
  const ortNode = JSON.parse(readFileSync(resolve(JS_DIR, 'node_modules/onnxruntime-node/package.json'), 'utf8'));
  const ortWeb = JSON.parse(readFileSync(resolve(JS_DIR, 'node_modules/onnxruntime-web/package.json'), 'utf8'));
  console.log(JSON.stringify({
    node: process.version, transformers_js: version, onnxruntime_node: ortNode.version,
    onnxruntime_web: ortWeb.version, browser: browser?.userAgent ?? null,
    cross_origin_isolated: browser?.crossOriginIsolated ?? null, wasm_num_threads: browser?.numThreads ?? null,
    rows: [...rows, ...(browser?.rows ?? [])],
    embeddings64: { node: Array.from(first), ...(browser ? { chromium: browser.embeddings64 } : {}) },
  }));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
