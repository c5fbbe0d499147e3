// Module Worker: Pyodide from node_modules (served locally, no CDN), ruvector through
// @ruvector/sdk/pyodide (the wheel shipped beside loader.mjs, or the wheel URL it is sent), then golden_check.py, lake_check.py and collection_check.py. Posts
// {summary, timings, ...} or {error}.
import { loadPyodide } from '../../node_modules/pyodide/pyodide.mjs';
import { loadRuvector } from '../../web/pyodide/loader.mjs';

const PYODIDE = new URL('../../node_modules/pyodide/', import.meta.url).href;

async function text(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.text();
}

async function run(wheel) {
  const t0 = performance.now();
  const pyodide = await loadPyodide({ indexURL: PYODIDE });
  const t1 = performance.now();
  await loadRuvector(pyodide, wheel ? { wheel } : {});
  const t2 = performance.now();
  pyodide.FS.mkdirTree('/tmp/ruvector_check');
  // golden_check.py reads golden_embed.json and golden_rabitq.json from next to golden_flat.json.
  for (const name of ['golden_flat.json', 'golden_embed.json', 'golden_rabitq.json']) {
    pyodide.FS.writeFile(`/tmp/ruvector_check/${name}`, await text(new URL(`../data/${name}`, import.meta.url)));
  }
  pyodide.FS.writeFile('/tmp/ruvector_check/golden_check.py', await text(new URL('./golden_check.py', import.meta.url)));
  const summary = pyodide.runPython(`
import sys
sys.path.insert(0, "/tmp/ruvector_check")
import golden_check
golden_check.main("/tmp/ruvector_check/golden_flat.json")
`);
  // rv.Lake (the core's lake through the SDK): lake_check.py, with the published bundle beside it.
  pyodide.FS.mkdirTree('/tmp/ruvector_lake/bundle');
  for (const name of ['table.rulake.json', 'bundle.witness.json', 'index.rvq', 'expected.json']) {
    const response = await fetch(new URL(`../data/lake_bundle/${name}`, import.meta.url));
    if (!response.ok) throw new Error(`${name}: HTTP ${response.status}`);
    pyodide.FS.writeFile(`/tmp/ruvector_lake/bundle/${name}`, new Uint8Array(await response.arrayBuffer()));
  }
  pyodide.FS.writeFile('/tmp/ruvector_lake/lake_check.py', await text(new URL('./lake_check.py', import.meta.url)));
  const lakeSummary = pyodide.runPython(`
sys.path.insert(0, "/tmp/ruvector_lake")
import lake_check
lake_check.main("/tmp/ruvector_lake/bundle")
`);
  // The same bundle from the served URL through rv.HttpBundleBackend (the SDK's fetch) and its key.
  const bundleUrl = new URL('../data/lake_bundle/', import.meta.url).href;
  const lakeHttpSummary = await pyodide.runPythonAsync(
    `await lake_check.http_main(${JSON.stringify(bundleUrl)}, "/tmp/ruvector_lake/bundle")`);
  // rv.Collection (the core's collection through the SDK): collection_check.py on the shared cases.
  pyodide.FS.mkdirTree('/tmp/ruvector_collection');
  pyodide.FS.writeFile('/tmp/ruvector_collection/collection_cases.json', await text(new URL('../data/collection_cases.json', import.meta.url)));
  pyodide.FS.writeFile('/tmp/ruvector_collection/collection_check.py', await text(new URL('./collection_check.py', import.meta.url)));
  const collectionSummary = pyodide.runPython(`
sys.path.insert(0, "/tmp/ruvector_collection")
import collection_check
collection_check.main("/tmp/ruvector_collection/collection_cases.json")
`);
  // rv.lake.ShardMap (the core's routing through the SDK): shard_map_check.py on the shared cases.
  pyodide.FS.mkdirTree('/tmp/ruvector_shards');
  pyodide.FS.writeFile('/tmp/ruvector_shards/shard_map_cases.json', await text(new URL('../data/shard_map_cases.json', import.meta.url)));
  pyodide.FS.writeFile('/tmp/ruvector_shards/shard_map_check.py', await text(new URL('./shard_map_check.py', import.meta.url)));
  const shardMapSummary = pyodide.runPython(`
sys.path.insert(0, "/tmp/ruvector_shards")
import shard_map_check
shard_map_check.main("/tmp/ruvector_shards/shard_map_cases.json")
`);
  const t3 = performance.now();
  const [platform, isa] = pyodide.runPython('import sys, ruvector; [sys.platform, ruvector.cpu_features()["isa"]]').toJs();
  return {
    summary, lakeSummary, lakeHttpSummary, collectionSummary, shardMapSummary, platform, isa, pyodideVersion: pyodide.version,
    timings: { loadPyodide: Math.round(t1 - t0), loadRuvector: Math.round(t2 - t1), checks: Math.round(t3 - t2) },
  };
}

self.onmessage = async ({ data }) => {
  try {
    self.postMessage(await run(data.wheel));
  } catch (err) {
    self.postMessage({ error: `${err?.name ?? 'Error'}: ${err?.message ?? err}` });
  }
};
