// Module Worker: imports the package's ESM entry point straight from the served repo and runs every
// golden case inside the worker, posting plain outcomes back (checked in Node, not here).
import * as rv from '../../web/js/index.mjs';
import { parseGolden, runErrorCase, runFlatCase, runHammingCase } from '../js/golden_runner.mjs';

try {
  const response = await fetch(new URL('../data/golden_flat.json', import.meta.url));
  const golden = parseGolden(await response.text());
  let beforeInit = null;
  try {
    rv.cpuFeatures();
  } catch (err) {
    beforeInit = { name: err.name, message: err.message, isBase: err instanceof rv.RuVectorError };
  }
  await rv.init();
  postMessage({
    cpu: rv.cpuFeatures(),
    flat: golden.flat.map((c) => runFlatCase(rv, c)),
    hamming: golden.hamming.map((c) => runHammingCase(rv, c)),
    errors: golden.errors.map((c) => runErrorCase(rv, c)),
    beforeInit,
  });
} catch (err) {
  postMessage({ fatal: `${err?.name}: ${err?.message}\n${err?.stack ?? ''}` });
}
