// Module Worker: loads a checkpoint scripts/bootstrap converts into .venv/ruvector-models
// (bge-small-en-v1.5, e5-small-v2) by URL from the test's static server (?model=), and returns the
// token ids and rows of the cases of its fixture (?fixture=, a file of tests/data), each with its
// prompt (checked in Node by text_encoder.test.mjs).
import * as rv from '../../web/js/index.mjs';

try {
  const params = new URL(import.meta.url).searchParams;
  const model = new URL(params.get('model'), import.meta.url);
  const golden = await (await fetch(new URL(`../data/${params.get('fixture')}`, import.meta.url))).json();
  await rv.init();
  const encoder = await rv.TextEncoder.load(model);
  const options = (c) => ({ promptName: c.prompt_name || undefined });
  const ids = golden.cases.map((c) => Array.from(encoder.tokenize(c.text, options(c))));
  const rows = golden.cases.map((c) => Array.from(encoder.embed([c.text], options(c))));
  postMessage({ pooling: encoder.pooling, prompts: encoder.prompts, ids, rows });
  encoder.dispose();
} catch (err) {
  postMessage({ fatal: `${err?.name}: ${err?.message}\n${err?.stack ?? ''}` });
}
