// Module Worker: imports the package's ESM entry point straight from the served repo and runs every
// golden case (golden_flat.json, golden_rabitq.json and shard_map_cases.json) inside the worker,
// posting plain outcomes back (checked in Node, not here).
import * as rv from '../../web/js/index.mjs';
import { parseGolden, runErrorCase, runFlatCase, runHammingCase } from '../js/golden_runner.mjs';
import { runRabitqCase } from '../js/rabitq_runner.mjs';

try {
  const response = await fetch(new URL('../data/golden_flat.json', import.meta.url));
  const golden = parseGolden(await response.text());
  const rabitq = await (await fetch(new URL('../data/golden_rabitq.json', import.meta.url))).json();
  const shardCases = await (await fetch(new URL('../data/shard_map_cases.json', import.meta.url))).json();
  let beforeInit = null;
  try {
    rv.cpuFeatures();
  } catch (err) {
    beforeInit = { name: err.name, message: err.message, isBase: err instanceof rv.RuVectorError };
  }
  await rv.init();
  // save()/load() need Node's file system: in a browser they reject with a clear RuVectorError.
  const small = rv.RabitqIndex.build([1, 2, 3, 4], 2);
  const noFs = await Promise.allSettled([small.save('index.rvq'), rv.RabitqIndex.load('index.rvq')]);
  small.dispose();
  postMessage({
    noFs: noFs.map((r) => ({ status: r.status, name: r.reason?.name, message: r.reason?.message,
      isBase: r.reason instanceof rv.RuVectorError })),
    cpu: rv.cpuFeatures(),
    flat: golden.flat.map((c) => runFlatCase(rv, c)),
    hamming: golden.hamming.map((c) => runHammingCase(rv, c)),
    errors: golden.errors.map((c) => runErrorCase(rv, c)),
    rabitq: rabitq.cases.map((c) => runRabitqCase(rv, rabitq, c)),
    shardHomes: shardCases.cases.map((c) => {
      const ids = BigUint64Array.from(shardCases.ids.map(BigInt));
      return [...new rv.ShardMap(c.shard_by, c.shards, ids).assign(ids)];
    }),
    beforeInit,
  });
} catch (err) {
  postMessage({ fatal: `${err?.name}: ${err?.message}\n${err?.stack ?? ''}` });
}
