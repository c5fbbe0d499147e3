// Runs inside the module Worker that LakeWorker (lake_worker.mjs) starts: one Lake whose
// collections are bundles fetched from URLs (HttpBundleBackend). Answers {id, op, args} with
// {id, result} or {id, error: {name, message}}; its first message, {id: 0, result: 'ready'}, says
// the listener is attached.
import { HttpBundleBackend, Lake, init, witness } from './index.mjs';
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
  // Registers the bundle at `url` as `collection` and installs it: the core checks that its files
  // are one bundle, its content witness, index bytes and parameters, and with trusted keys its signed
  // checkpoint and log inclusion, before anything is served.
  async load(url, collection, options) {
    if (backends.has(collection)) throw new InvalidInput(`LakeWorker: '${collection}' is already loaded`);
    const backend = new HttpBundleBackend(`bundle:${collection}`, { [collection]: url }, options);
    lake.register(backend);
    backends.set(collection, backend.id);
    await lake.primeAsync(backend.id, collection);
    // What was installed (nothing is fetched when another collection's entry had the same witness).
    const fetched = backend.lastFetched(collection) ?? await backend.bundle(collection);
    const decode = (bytes) => new TextDecoder().decode(bytes);
    const checkpoint = backend.trustedKeys.length === 0 ? null
      : witness.bundleCheckpoint(fetched.witness, backend.trustedKeys);
    return {
      collection,
      url: backend.url(collection),
      witness: lake.witnessOf(backend.id, collection),
      sidecar: JSON.parse(decode(fetched.sidecar)),
      record: JSON.parse(decode(fetched.witness)),
      checkpoint,
    };
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
serveOps('LakeWorker', ops, {
  before(op) {
    if (op !== 'init' && lake === null) throw new RuVectorError('LakeWorker: not initialised');
  },
  transfer: (result) => (result?.ids instanceof BigUint64Array ? resultBuffers(result) : []),
});
