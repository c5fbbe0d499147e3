// The page script of examples/verified_lake_browser: a LakeWorker loads the bundle named by
// ?bundle= (default: the repository's tests/data/lake_bundle/), which the core verifies before it
// serves — with ?key= (a verifier key, repeatable) only if one of those keys signed its checkpoint
// and its entry is in the transparency log under it. The page shows what was verified and searches
// it. window.example holds the same data (read by tests/browser/lake_example.test.mjs).
//
// The trusted keys come from the page's own configuration (here its URL), never from the server that
// serves the bundle: a key fetched beside the bundle would vouch for whatever that server sends.
//
import { LakeWorker } from '@ruvector/sdk/worker';

const $ = (id) => document.getElementById(id);
const example = { state: 'loading' };
window.example = example;

function show(state, text) {
  example.state = state;
  document.body.dataset.state = state;
  $('status').textContent = text;
}

function describe(entries) {
  $('bundle').replaceChildren(...entries.flatMap(([name, value]) => {
    const dt = document.createElement('dt');
    dt.textContent = name;
    const dd = document.createElement('dd');
    dd.dataset.field = name;
    dd.textContent = String(value);
    return [dt, dd];
  }));
}

// A seeded query (mulberry32), so every visit searches the same vector.
function seededQuery(dim, seed = 7) {
  let s = seed >>> 0;
  return Float32Array.from({ length: dim }, () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) / 2 ** 32) * 2 - 1;
  });
}

async function search(worker, dim) {
  const text = $('query').value.trim();
  const query = text ? Float32Array.from(text.split(','), Number) : seededQuery(dim);
  const k = Number($('k').value);
  const started = performance.now();
  const r = await worker.search('bundle', query, k);
  const ms = performance.now() - started;
  example.hits = Array.from(r.ids, (id, i) => ({ id: id.toString(), distance: r.distances[i] }));
  $('hits').replaceChildren(...example.hits.map((hit, i) => {
    const tr = document.createElement('tr');
    for (const value of [i + 1, hit.id, hit.distance.toFixed(4)]) {
      const td = document.createElement('td');
      td.textContent = String(value);
      tr.append(td);
    }
    return tr;
  }));
  example.searches = (example.searches ?? 0) + 1;
  show('done', `done: verified, ${example.hits.length} hits in ${ms.toFixed(1)} ms`);
}

const hex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

async function main() {
  const params = new URLSearchParams(location.search);
  const bundleUrl = new URL(params.get('bundle') ?? '/tests/data/lake_bundle/', location.href).href;
  const trustedKeys = params.getAll('key');
  // Frozen: the bundle is checked once, when it is installed; refresh() would look for a newer one.
  const worker = await LakeWorker.create({ consistency: 'frozen' });
  show('loading', `fetching and verifying ${bundleUrl}…`);
  const loaded = await worker.load(bundleUrl, 'bundle', { trustedKeys });
  const { sidecar, record, checkpoint } = loaded;
  example.loaded = loaded;
  const signed = checkpoint === null
    ? [['signed checkpoint', 'not checked: no trusted key given (?key=name+hash+base64)']]
    : [
      ['signed by', checkpoint.keyNames.join(', ')],
      ['log origin', checkpoint.origin],
      ['log tree size', checkpoint.size],
      ['log root', hex(checkpoint.root)],
      ['log leaf', checkpoint.leafIndex],
    ];
  describe([
    ['verified', checkpoint === null
      ? 'content witness, index bytes and parameters'
      : 'signed checkpoint, log inclusion, content witness, index bytes and parameters'],
    ...signed,
    ['content witness', record.content_witness.root],
    ['vectors', record.content_witness.count],
    ['bundle witness', loaded.witness],
    ['url', loaded.url],
    ['data_ref', sidecar.data_ref],
    ['dim', sidecar.dim],
    ['generation', sidecar.generation],
    ['rotation_seed / rerank_factor', `${sidecar.rotation_seed} / ${sidecar.rerank_factor}`],
  ]);
  const button = $('search').querySelector('button');
  $('search').addEventListener('submit', (event) => {
    event.preventDefault();
    button.disabled = true;
    search(worker, sidecar.dim).catch((err) => show('error', `error: ${err.name}: ${err.message}`))
      .finally(() => { button.disabled = false; });
  });
  await search(worker, sidecar.dim);
  button.disabled = false;
}

main().catch((err) => show('error', `error: ${err.name}: ${err.message}`));
