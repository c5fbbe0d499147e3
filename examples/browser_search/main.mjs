// The page script of examples/browser_search: makes 20,000 clustered random vectors, builds a
// RabitqIndex of them in one IndexWorker and an exact FlatIndex in another (both off the main thread),
// searches 200 queries and shows the hits, the timings and recall@10 against the exact answer.
// window.example holds the same numbers as plain data (read by tests/browser/example.test.mjs).
//
import { IndexWorker } from '@ruvector/sdk/worker';

const N = 20_000;
const DIM = 128;
const QUERIES = 200;
const K = 10;
const CLUSTERS = 100;

const $ = (id) => document.getElementById(id);
const example = { state: 'loading', n: N, dim: DIM, queries: QUERIES, k: K };
window.example = example;

// mulberry32 + Box-Muller: seeded, so every visit sees the same data.
function random(seed) {
  let s = seed >>> 0;
  const uniform = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 2 ** 32;
  };
  const normal = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  return { uniform, normal };
}

/** `rows` points around CLUSTERS centres ~ N(0, 3^2): centre + N(0, 1), row-major. */
function clustered(rows, seed) {
  const { uniform, normal } = random(seed);
  const centres = Float32Array.from({ length: CLUSTERS * DIM }, () => 3 * normal());
  const out = new Float32Array(rows * DIM);
  for (let r = 0; r < rows; r++) {
    const c = Math.floor(uniform() * CLUSTERS);
    for (let j = 0; j < DIM; j++) out[r * DIM + j] = centres[c * DIM + j] + normal();
  }
  return out;
}

function setStatus(text, state) {
  $('status').textContent = text;
  if (state) {
    example.state = state;
    document.body.dataset.state = state;
  }
}

const fmt = (x, digits = 0) => x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

function showStats(stats) {
  $('stats').replaceChildren(...Object.entries(stats).flatMap(([label, value]) => {
    const dt = document.createElement('dt');
    dt.textContent = label;
    const dd = document.createElement('dd');
    dd.textContent = value;
    dd.dataset.stat = label;
    return [dt, dd];
  }));
}

function recallAt(k, got, exact, queries) {
  let hits = 0;
  for (let q = 0; q < queries; q++) {
    const truth = new Set(Array.from(exact.ids.subarray(q * exact.k, q * exact.k + k), String));
    for (let j = 0; j < k; j++) if (truth.has(String(got.ids[q * got.k + j]))) hits++;
  }
  return hits / (queries * k);
}

function showHits(q, got, exact) {
  $('query-shown').textContent = String(q);
  const truth = new Set(Array.from(exact.ids.subarray(q * exact.k, (q + 1) * exact.k), String));
  const rows = [];
  for (let j = 0; j < K; j++) {
    const tr = document.createElement('tr');
    const id = String(got.ids[q * got.k + j]);
    const cells = [j + 1, id, got.distances[q * got.k + j].toFixed(3), String(exact.ids[q * exact.k + j]),
      exact.distances[q * exact.k + j].toFixed(3)];
    for (const value of cells) {
      const td = document.createElement('td');
      td.textContent = String(value);
      tr.append(td);
    }
    tr.children[1].className = truth.has(id) ? 'hit' : 'miss';
    rows.push(tr);
  }
  $('hits').replaceChildren(...rows);
  example.hits = rows.map((tr) => tr.children[1].textContent);
}

async function main() {
  // Counts animation frames while the workers are busy: the main thread keeps painting.
  let frames = 0;
  let counting = true;
  const tick = () => { frames++; $('frames').textContent = `main-thread frames while building: ${frames}`; if (counting) requestAnimationFrame(tick); };
  requestAnimationFrame(tick);

  setStatus('generating 20,000 random vectors…');
  const t0 = performance.now();
  const data = clustered(N + QUERIES, 7);
  const vectors = data.subarray(0, N * DIM);
  const queries = data.slice(N * DIM); // the last rows: not in the index
  const generateMs = performance.now() - t0;

  setStatus('starting workers…');
  const [rabitq, exactWorker] = await Promise.all([IndexWorker.create(), IndexWorker.create()]);
  window.addEventListener('pagehide', () => { rabitq.terminate(); exactWorker.terminate(); });

  setStatus('building the RaBitQ index in a worker…');
  const tBuild = performance.now();
  const exactBuilt = exactWorker.build(vectors, DIM, { kind: 'flat', metric: 'l2' });
  await rabitq.build(vectors, DIM, {
    kind: 'rabitq', metric: 'l2', bits: 1, store: 'f32', seed: 42,
    progress: (stage, fraction) => {
      $('progress').value = fraction;
      setStatus(`building the RaBitQ index in a worker… ${stage} ${Math.round(fraction * 100)} %`);
    },
  });
  const buildMs = performance.now() - tBuild;
  await exactBuilt;
  counting = false;
  $('progress').value = 1;
  const info = await rabitq.info();

  async function search(q, { nprobe, rerankFactor }) {
    setStatus('searching…');
    const t = performance.now();
    const got = await rabitq.search(queries, K, { nprobe, rerankFactor });
    const searchMs = performance.now() - t;
    const exact = await exactWorker.search(queries, K);
    const recall = recallAt(K, got, exact, QUERIES);
    Object.assign(example, {
      nlist: info.nlist, nprobe: nprobe ?? info.nprobe, rerankFactor: rerankFactor ?? info.rerankFactor,
      buildMs, searchMs, qps: QUERIES / (searchMs / 1000), recall, frames,
    });
    showStats({
      vectors: `${fmt(N)} × ${DIM}`,
      'generated in': `${fmt(generateMs)} ms`,
      'IVF lists': fmt(info.nlist),
      'nprobe / rerank': `${example.nprobe} / ${example.rerankFactor}`,
      'build (worker)': `${fmt(buildMs)} ms`,
      'index memory': `${fmt(info.memoryBytes / 2 ** 20, 1)} MiB`,
      'code bytes / vector': fmt(info.codeBytesPerVector),
      [`${QUERIES} queries`]: `${fmt(searchMs, 1)} ms`,
      QPS: fmt(example.qps),
      'recall@10': recall.toFixed(3),
    });
    showHits(q, got, exact);
    setStatus(`done: ${QUERIES} queries in ${fmt(searchMs, 1)} ms, recall@10 ${recall.toFixed(3)}`, 'done');
  }

  await search(0, {});
  $('nprobe').value = String(example.nprobe);
  $('nprobe').max = String(info.nlist);
  $('rerank').value = String(example.rerankFactor);
  $('query').max = String(QUERIES - 1);
  const button = $('again').querySelector('button');
  button.disabled = false;
  $('again').addEventListener('submit', async (event) => {
    event.preventDefault();
    button.disabled = true;
    try {
      const q = Math.min(QUERIES - 1, Math.max(0, Number($('query').value) || 0));
      await search(q, { nprobe: Number($('nprobe').value), rerankFactor: Number($('rerank').value) });
    } catch (err) {
      setStatus(`${err.name}: ${err.message}`, 'error');
    } finally {
      button.disabled = false;
    }
  });
}

main().catch((err) => {
  example.error = `${err?.name}: ${err?.message}`;
  setStatus(`failed: ${example.error}`, 'error');
});
