#!/usr/bin/env node
// RabitqIndex in WebAssembly (Node, one thread): build time, QPS at a few (nprobe, rerankFactor)
// points and recall against exact ground truth, measured the way bench/run_ann.py measures the native
// wheel, so the two can be compared on the same data:
//   - data: the cached .npy files of bench/datasets.py (bench/.cache/<dataset>.{base,queries,gt_ids,
//     gt_dist}.npy, e.g. made by `.venv/bin/python bench/datasets.py clustered-100k`): the very same
//     vectors as the native benchmark. Without a cache the same recipe (1,000 Gaussian centres
//     ~ N(0, 3^2), points = centre + N(0, 1), 1,000 queries after the n base rows) is generated with a
//     seeded JS generator (not numpy's stream: other vectors, the dataset is then named <name>-jsrng)
//     and the exact top-10 comes from FlatIndex;
//   - search: k = 10, all queries in one call, QPS = queries / median of 3 passes after one warm-up
//     pass (whose results give the recall); p50/p99 latency from 200 one-query calls;
//   - recall: tie-aware like run_ann.py (a returned id is a hit when its float64 distance is <= the
//     true k-th distance * (1 + 1e-7)); recall10_ids is the plain id overlap.
// Writes bench/results/wasm-<dataset>.json.
//
// Usage: node bench/wasm_bench.mjs [--dataset clustered-100k] [--n 100000] [--dim 128]
//        [--points 2x8,4x8,4x16,8x16,16x32] [--bits 1] [--store f32] [--rerank-factor 16] [--out bench/results]
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import * as rv from '../web/js/index.node.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const K = 10;
const PASSES = 3;
const SINGLE_QUERIES = 200;
const N_QUERIES = 1000;
const RTOL = 1e-7;
const CLUSTERED = { 'clustered-100k': [100_000, 128], 'clustered-1m': [1_000_000, 128], 'clustered-100k-384': [100_000, 384] };

const { values: opts } = parseArgs({
  options: {
    dataset: { type: 'string', default: 'clustered-100k' },
    n: { type: 'string' },
    dim: { type: 'string' },
    points: { type: 'string', default: '2x8,4x8,4x16,8x16,16x32' },
    bits: { type: 'string', default: '1' },
    store: { type: 'string', default: 'f32' },
    'rerank-factor': { type: 'string', default: '16' },
    nlist: { type: 'string' },
    cache: { type: 'string', default: join(HERE, '.cache') },
    out: { type: 'string', default: join(HERE, 'results') },
  },
});

const log = (msg) => process.stderr.write(`${msg}\n`);
const now = () => performance.now() / 1000;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const percentile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
};

// --- data ----------------------------------------------------------------------------------------

/** A .npy file (format 1.0-3.0, little-endian f4/f8/i8, C order) as {data: TypedArray, shape}. */
async function readNpy(path) {
  const buf = await readFile(path);
  if (buf.toString('latin1', 0, 6) !== '\x93NUMPY') throw new Error(`${path}: not a .npy file`);
  const major = buf[6];
  const headerLen = major === 1 ? buf.readUInt16LE(8) : buf.readUInt32LE(8);
  const start = (major === 1 ? 10 : 12) + headerLen;
  const header = buf.toString('latin1', major === 1 ? 10 : 12, start);
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const shape = (/'shape':\s*\(([^)]*)\)/.exec(header)?.[1] ?? '').split(',').filter((s) => s.trim()).map(Number);
  if (/'fortran_order':\s*True/.test(header)) throw new Error(`${path}: Fortran order is not supported`);
  const types = { '<f4': Float32Array, '<f8': Float64Array, '<i8': BigInt64Array };
  const Type = types[descr];
  if (!Type) throw new Error(`${path}: dtype ${descr} is not supported`);
  const count = shape.reduce((a, b) => a * b, 1);
  const bytes = buf.subarray(start, start + count * Type.BYTES_PER_ELEMENT);
  const data = new Type(count);
  new Uint8Array(data.buffer).set(bytes); // copy: aligned, independent of the file buffer
  return { data, shape };
}

// xoshiro128** seeded by splitmix32, Box-Muller with both outputs.
function normals(seed) {
  let s = seed >>> 0;
  const splitmix = () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  const st = Uint32Array.of(splitmix(), splitmix(), splitmix(), splitmix());
  const next = () => {
    const r = Math.imul(((Math.imul(st[1], 5) << 7) | (Math.imul(st[1], 5) >>> 25)), 9) >>> 0;
    const t = st[1] << 9;
    st[2] ^= st[0]; st[3] ^= st[1]; st[1] ^= st[2]; st[0] ^= st[3]; st[2] ^= t;
    st[3] = (st[3] << 11) | (st[3] >>> 21);
    return r;
  };
  const uniform = () => (next() + 0.5) / 2 ** 32;
  let spare = null;
  const normal = () => {
    if (spare !== null) { const v = spare; spare = null; return v; }
    const r = Math.sqrt(-2 * Math.log(uniform()));
    const a = 2 * Math.PI * uniform();
    spare = r * Math.sin(a);
    return r * Math.cos(a);
  };
  return { uniform, normal };
}

/** The clustered recipe of bench/datasets.py with a JS generator: n base rows + 1,000 queries. */
function generateClustered(n, dim, seed = 91) {
  const { uniform, normal } = normals(seed);
  const centres = new Float64Array(1000 * dim);
  for (let i = 0; i < centres.length; i++) centres[i] = 3 * normal();
  const rows = n + N_QUERIES;
  const out = new Float32Array(rows * dim);
  for (let r = 0; r < rows; r++) {
    const c = Math.floor(uniform() * 1000);
    for (let j = 0; j < dim; j++) out[r * dim + j] = centres[c * dim + j] + normal();
  }
  return { base: out.subarray(0, n * dim), queries: out.slice(n * dim) };
}

function dist64(base, dim, id, queries, q) {
  let s = 0;
  for (let j = 0; j < dim; j++) {
    const d = base[id * dim + j] - queries[q * dim + j];
    s += d * d;
  }
  return s;
}

/** Exact top-10 with FlatIndex (float32 kernels), then float64 distances of those ids. */
function groundTruth(base, queries, dim) {
  const flat = rv.FlatIndex.build(base, dim);
  try {
    const r = flat.search(queries, K);
    const m = queries.length / dim;
    const gtIds = new BigInt64Array(m * K);
    const gtDist = new Float64Array(m * K);
    for (let q = 0; q < m; q++) {
      const pairs = [];
      for (let j = 0; j < K; j++) {
        const id = Number(r.ids[q * K + j]);
        pairs.push([dist64(base, dim, id, queries, q), id]);
      }
      pairs.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      pairs.forEach(([d, id], j) => { gtIds[q * K + j] = BigInt(id); gtDist[q * K + j] = d; });
    }
    return { gtIds, gtDist };
  } finally {
    flat.dispose();
  }
}

async function loadDataset(name, n, dim) {
  const [fullN, fullDim] = CLUSTERED[name] ?? [null, null];
  const key = n === fullN || fullN === null ? name : `${name}-limit${n}`;
  const files = Object.fromEntries(['base', 'queries', 'gt_ids', 'gt_dist'].map((p) => [p, join(opts.cache, `${key}.${p}.npy`)]));
  if (Object.values(files).every((f) => existsSync(f))) {
    const [base, queries, gtIds, gtDist] = await Promise.all(Object.values(files).map(readNpy));
    log(`[data] ${key}: read ${base.shape.join(' x ')} + ${queries.shape.join(' x ')} from ${opts.cache}`);
    return { name: key, source: 'bench/.cache (numpy, bench/datasets.py)', base: base.data, queries: queries.data,
      dim: base.shape[1], n: base.shape[0], gtIds: gtIds.data, gtDist: gtDist.data };
  }
  // A prefix of the full cached set, with ground truth recomputed here.
  const full = Object.fromEntries(['base', 'queries'].map((p) => [p, join(opts.cache, `${name}.${p}.npy`)]));
  if (fullN !== null && n < fullN && Object.values(full).every((f) => existsSync(f))) {
    const [base, queries] = await Promise.all([readNpy(full.base), readNpy(full.queries)]);
    const b = base.data.subarray(0, n * base.shape[1]);
    const t0 = now();
    const gt = groundTruth(b, queries.data, base.shape[1]);
    log(`[data] ${key}: first ${n} rows of the cached ${name}; exact top-${K} with FlatIndex in ${(now() - t0).toFixed(1)} s`);
    return { name: key, source: `first ${n} rows of bench/.cache/${name} (numpy); ground truth by FlatIndex`,
      base: b, queries: queries.data, dim: base.shape[1], n, gtIds: gt.gtIds, gtDist: gt.gtDist };
  }
  const d = dim ?? fullDim ?? 128;
  let t0 = now();
  const { base, queries } = generateClustered(n, d);
  log(`[data] ${name}: no cache in ${opts.cache}; generated ${n} x ${d} with a seeded JS generator in ${(now() - t0).toFixed(1)} s`);
  t0 = now();
  const gt = groundTruth(base, queries, d);
  log(`[data] exact top-${K} with FlatIndex in ${(now() - t0).toFixed(1)} s`);
  return { name: `${key}-jsrng`, source: 'clustered recipe with a seeded JS generator (xoshiro128**); ground truth by FlatIndex',
    base, queries, dim: d, n, gtIds: gt.gtIds, gtDist: gt.gtDist };
}

// --- measurement ---------------------------------------------------------------------------------

function recalls(ds, ids, k) {
  const m = ds.queries.length / ds.dim;
  let hits10 = 0;
  let hits1 = 0;
  let overlap = 0;
  for (let q = 0; q < m; q++) {
    const kth = ds.gtDist[q * K + K - 1] * (1 + RTOL);
    const seen = new Set();
    const truth = new Set(Array.from(ds.gtIds.subarray(q * K, (q + 1) * K), Number));
    for (let j = 0; j < Math.min(k, K); j++) {
      const id = Number(ids[q * k + j]);
      if (seen.has(id)) continue;
      seen.add(id);
      const d = dist64(ds.base, ds.dim, id, ds.queries, q);
      if (d <= kth) hits10++;
      if (j === 0 && d <= ds.gtDist[q * K] * (1 + RTOL)) hits1++;
      if (truth.has(id)) overlap++;
    }
  }
  return { recall1: hits1 / m, recall10: hits10 / (m * K), recall10_ids: overlap / (m * K) };
}

function measure(index, ds, params) {
  const warm = index.search(ds.queries, K, params);
  const times = [];
  for (let p = 0; p < PASSES; p++) {
    const t0 = now();
    index.search(ds.queries, K, params);
    times.push(now() - t0);
  }
  const single = [];
  for (let q = 0; q < Math.min(SINGLE_QUERIES, ds.queries.length / ds.dim); q++) {
    const one = ds.queries.subarray(q * ds.dim, (q + 1) * ds.dim);
    const t0 = now();
    index.search(one, K, params);
    single.push(now() - t0);
  }
  const m = ds.queries.length / ds.dim;
  return {
    params: { nprobe: params.nprobe, rerank_factor: params.rerankFactor },
    ...recalls(ds, warm.ids, warm.k),
    qps: m / median(times),
    batch_pass_s: times,
    p50_us: percentile(single, 50) * 1e6,
    p99_us: percentile(single, 99) * 1e6,
    single_qps: single.length / single.reduce((a, b) => a + b, 0),
  };
}

async function main() {
  const [defaultN, defaultDim] = CLUSTERED[opts.dataset] ?? [100_000, 128];
  const n = opts.n === undefined ? defaultN : Number(opts.n);
  if (!Number.isSafeInteger(n) || n < K) throw new Error(`--n must be an integer >= ${K}`);
  const points = opts.points.split(',').map((p) => {
    const [nprobe, rerankFactor] = p.split('x').map(Number);
    if (!(nprobe >= 1 && rerankFactor >= 1)) throw new Error(`--points: '${p}' is not NPROBExRERANK`);
    return { nprobe, rerankFactor };
  });
  const loadStart = os.loadavg();
  await rv.init();
  const ds = await loadDataset(opts.dataset, n, opts.dim === undefined ? defaultDim : Number(opts.dim));

  const build = { metric: 'l2', bits: Number(opts.bits), store: opts.store, rerankFactor: Number(opts['rerank-factor']),
    nlist: opts.nlist === undefined ? undefined : Number(opts.nlist), seed: 42 };
  log(`[build] RabitqIndex ${JSON.stringify(build)} on ${ds.n} x ${ds.dim} (wasm, 1 thread) ...`);
  const t0 = now();
  const index = rv.RabitqIndex.build(ds.base, ds.dim, build);
  const buildS = now() - t0;
  const bytes = index.serialize().length;
  const built = { nlist_built: index.nlist, default_nprobe: index.nprobe, code_bytes_per_vector: index.codeBytesPerVector,
    memory_bytes: index.memoryBytes };
  log(`[build] ${buildS.toFixed(2)} s, nlist ${index.nlist}, default nprobe ${index.nprobe}, ${(bytes / ds.n).toFixed(1)} B/vector serialized`);

  const results = [];
  try {
    for (const params of points) {
      const pt = measure(index, ds, params);
      results.push(pt);
      log(`  nprobe ${String(params.nprobe).padStart(3)}, rerank ${String(params.rerankFactor).padStart(3)}  `
        + `R@1 ${pt.recall1.toFixed(3)}  R@10 ${pt.recall10.toFixed(3)}  QPS ${Math.round(pt.qps).toLocaleString('en-US').padStart(7)}  `
        + `p50 ${pt.p50_us.toFixed(0).padStart(5)} us  p99 ${pt.p99_us.toFixed(0).padStart(5)} us`);
    }
  } finally {
    index.dispose();
  }

  const cpus = os.cpus();
  const out = {
    target: 'wasm (Node, @ruvector/sdk, 1 thread)',
    dataset: { name: ds.name, n: ds.n, dim: ds.dim, queries: ds.queries.length / ds.dim, source: ds.source },
    protocol: {
      k: K, passes: PASSES, single_queries: SINGLE_QUERIES, threads: 1,
      recall: `tie-aware (rtol ${RTOL}) against exact float64 top-${K}; recall10_ids = plain id overlap`,
    },
    machine: {
      cpu_model: cpus[0]?.model ?? 'unknown', logical_cpus: cpus.length, os: `${os.type()} ${os.release()}`,
      node: process.version, v8: process.versions.v8, isa: rv.cpuFeatures().isa,
      ram_total: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
      load_average_start: loadStart, load_average_end: os.loadavg(),
    },
    config: { ...build, ...built, build_s: buildS, index_bytes: bytes, bytes_per_vector: bytes / ds.n },
    points: results,
    date: new Date().toISOString(),
  };
  await mkdir(opts.out, { recursive: true });
  const file = join(opts.out, `wasm-${ds.name}.json`);
  await writeFile(`${file}.tmp`, `${JSON.stringify(out, null, 1)}\n`);
  await rename(`${file}.tmp`, file);
  log(`[out] ${file}`);
}

main().catch((err) => {
  log(`wasm_bench: ${err?.stack ?? err}`);
  process.exitCode = 1;
});
