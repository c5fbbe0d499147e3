// Collection.query's metadata filters through the installed @ruvector/sdk: the shared cases of
// tests/data/filter_cases.json (also run by C++, pytest and Pyodide), and ids()/get().
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import * as rv from '@ruvector/sdk';

// tests/js/run.sh runs a copy of this file in a scratch project and says where the repo is.
const doc = JSON.parse(await readFile(process.env.RUVECTOR_REPO_ROOT
  ? `${process.env.RUVECTOR_REPO_ROOT}/tests/data/filter_cases.json`
  : new URL('../data/filter_cases.json', import.meta.url), 'utf8'));
await rv.init();

function filled(index) {
  const col = new rv.Collection({ embedder: new rv.HashEmbedder({ dim: doc.encoder.dim }), rabitqThreshold: index.rabitq_threshold });
  col.add(doc.docs.map((d) => d.text), { metas: doc.docs.map((d) => d.meta) });
  assert.equal(col.indexKind, index.name);
  return col;
}

const filterOf = (c) => ('filter_text' in c ? c.filter_text : c.filter);

test('the shared cases of filter_cases.json', () => {
  for (const index of doc.indexes) {
    const col = filled(index);
    for (const c of doc.cases) {
      const matching = new Set(c.matching.map((i) => BigInt(i)));
      const hits = col.query(c.text, c.k, { filter: filterOf(c) });
      const where = `${index.name}: ${c.name}`;
      assert.equal(hits.length, Math.min(c.k, matching.size), where);
      for (let i = 0; i < hits.length; i++) {
        assert.ok(matching.has(hits[i].id), where);
        if (i > 0) assert.ok(hits[i].score <= hits[i - 1].score, where);
      }
      if (index.name === 'flat') {
        const everything = col.query(c.text, col.size).filter((h) => matching.has(h.id)).slice(0, hits.length);
        assert.deepEqual(hits.map((h) => h.id), everything.map((h) => h.id), where);
      }
    }
    for (const e of doc.errors) {
      assert.throws(() => col.query('x', 3, { filter: filterOf(e) }), (err) => {
        assert.equal(err.name, e.class);
        if ('message' in e) assert.equal(err.message, e.message);
        else assert.ok(err.message.includes(e.message_contains), err.message);
        return true;
      });
    }
    col.dispose();
  }
});

test('ids() and get() read the stored texts', () => {
  const col = filled(doc.indexes[0]);
  assert.deepEqual([...col.ids({ filter: { rare: true } })], [0n, 7n, 14n, 21n, 28n]);
  assert.equal(col.ids().length, doc.docs.length);
  const got = col.get([7n, 999n, 1]);
  assert.deepEqual(got.map((h) => [h.id, h.text, h.meta?.n]), [[7n, doc.docs[7].text, 7], [1n, doc.docs[1].text, 1]]);
  col.dispose();
});
