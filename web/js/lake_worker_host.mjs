// Runs inside the module Worker that LakeWorker (lake_worker.mjs) starts: one Lake whose
// collections are bundles fetched from URLs (HttpBundleBackend). Answers {id, op, args} with
// {id, result} or {id, error: {name, message}}; its first message, {id: 0, result: 'ready'}, says
// the listener is attached.
import { HttpBundleBackend, Lake, init } from './index.mjs';
import { InvalidInput, RuVectorError, errorToRecord } from './errors.mjs';

const IS_NODE = typeof process === 'object' && typeof process.versions?.node === 'string';
const port = IS_NODE ? (await import('node:worker_threads')).parentPort : globalThis;

let lake = null;
const backends = new Map(); // collection -> backend id

function backendOf(collection) {
  const id = backends.get(collection);
  if (id === undefined) throw new InvalidInput(`LakeWorker: no bundle loaded as '${collection}'`);
  return id;
}

const ops = {
  async init(options, lakeOptions) {
    await init(options);
    lake = new Lake(lakeOptions);
  },
  // Registers the bundle at `url` as `collection` and installs it: the core checks the sidecar's
  // bundle witness and the index's parameters before anything is served.
  async load(url, collection, limits) {
    if (backends.has(collection)) throw new InvalidInput(`LakeWorker: '${collection}' is already loaded`);
    const backend = new HttpBundleBackend(`bundle:${collection}`, { [collection]: url }, limits);
    lake.register(backend);
    backends.set(collection, backend.id);
    await lake.primeAsync(backend.id, collection);
    const sidecar = JSON.parse(new TextDecoder().decode(await backend.sidecar(collection)));
    return { collection, url: backend.url(collection), witness: lake.witnessOf(backend.id, collection), sidecar };
  },
  async search(collection, queries, k) {
    const r = await lake.searchAsync(backendOf(collection), collection, queries, k);
    return { result: r, transfer: [r.ids.buffer, r.distances.buffer] };
  },
  async refresh(collection) {
    return lake.refreshAsync(backendOf(collection), collection);
  },
  stats() {
    return lake.stats();
  },
  witnessOf(collection) {
    return lake.witnessOf(backendOf(collection), collection);
  },
};

async function answer({ id, op, args }) {
  try {
    if (!Object.hasOwn(ops, op)) throw new RuVectorError(`LakeWorker: unknown operation '${op}'`);
    if (op !== 'init' && lake === null) throw new RuVectorError('LakeWorker: not initialised');
    const out = await ops[op](...args);
    if (out && typeof out === 'object' && 'transfer' in out) port.postMessage({ id, result: out.result }, out.transfer);
    else port.postMessage({ id, result: out });
  } catch (err) {
    port.postMessage({ id, error: errorToRecord(err) });
  }
}

if (IS_NODE) port.on('message', answer);
else port.addEventListener('message', (event) => answer(event.data));
port.postMessage({ id: 0, result: 'ready' });
