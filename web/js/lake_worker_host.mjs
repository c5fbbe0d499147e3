// Runs inside the module Worker that LakeWorker (lake_worker.mjs) starts: one Lake whose
// collections are bundles fetched from URLs (HttpBundleBackend). Answers {id, op, args} with
// {id, result} or {id, error: {name, message}}; its first message, {id: 0, result: 'ready'}, says
// the listener is attached.
import { HttpBundleBackend, Lake, init } from './index.mjs';
import { InvalidInput, RuVectorError } from './errors.mjs';
import { resultBuffers, serveOps } from './worker_serve.mjs';

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
    return lake.searchAsync(backendOf(collection), collection, queries, k);
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

// Search results are fresh copies made by the bindings: moving them is safe and saves a copy.
await serveOps('LakeWorker', ops, {
  before(op) {
    if (op !== 'init' && lake === null) throw new RuVectorError('LakeWorker: not initialised');
  },
  transfer: (result) => (result?.ids instanceof BigUint64Array ? resultBuffers(result) : []),
});
