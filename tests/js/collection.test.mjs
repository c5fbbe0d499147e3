// Collection through the installed @ruvector/sdk: the shared cases of tests/data/collection_cases.json
// (the same steps C++, pytest and Pyodide run), a caller's embedder and index, lifetime.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import * as rv from '@ruvector/sdk';

// tests/js/run.sh runs a copy of this file in a scratch project and says where the repo is.
const cases = JSON.parse(await readFile(process.env.RUVECTOR_REPO_ROOT
  ? `${process.env.RUVECTOR_REPO_ROOT}/tests/data/collection_cases.json`
  : new URL('../data/collection_cases.json', import.meta.url), 'utf8'));
await rv.init();

// The caller's function of the case file: one-hot on the first letter.
const firstLetter = {
  dim: 26,
  embed(texts) {
    const out = new Float32Array(texts.length * 26);
    texts.forEach((t, i) => { out[i * 26 + ((((t.toLowerCase().codePointAt(0) ?? 97) - 97) % 26) + 26) % 26] = 1; });
    return out;
  },
};

function encoderOf(spec) {
  return spec.kind === 'first_letter' ? firstLetter : new rv.HashEmbedder({ dim: spec.dim });
}

function textsOf(step) {
  if (step.docs) return step.docs.map((i) => cases.docs[i]);
  if (step.texts) return step.texts;
  if (step.doc !== undefined) return [cases.docs[step.doc]];
  return step.text === undefined ? [] : [step.text];
}

const big = (xs) => xs.map((x) => BigInt(x));

function runStep(state, c, step) {
  const col = state.col;
  switch (step.op) {
    case 'add': {
      const got = col.add(textsOf(step), { ids: step.ids === undefined ? undefined : big(step.ids), metas: step.metas });
      if (step.expect_ids) assert.deepEqual([...got], big(step.expect_ids));
      break;
    }
    case 'remove': assert.equal(col.remove(big(step.ids)), step.expect); break;
    case 'size': assert.equal(col.size, step.expect); break;
    case 'contains': assert.equal(col.has(BigInt(step.id)), step.expect); break;
    case 'index_kind': assert.equal(col.indexKind, step.expect); break;
    case 'query': {
      const hits = col.query(textsOf(step)[0], step.k);
      for (let i = 1; i < hits.length; i++) assert.ok(hits[i].score <= hits[i - 1].score);
      if (step.expect_count !== undefined) assert.equal(hits.length, step.expect_count);
      if (step.expect_top !== undefined) assert.equal(hits[0].id, BigInt(step.expect_top));
      if (step.expect_top_doc !== undefined) assert.equal(hits[0].text, cases.docs[step.expect_top_doc]);
      if ('expect_top_meta' in step) assert.deepEqual(hits[0].meta, step.expect_top_meta);
      if (step.expect_top_score !== undefined) assert.ok(Math.abs(hits[0].score - step.expect_top_score) < 1e-5);
      if (step.expect_absent !== undefined) assert.ok(hits.every((h) => h.id !== BigInt(step.expect_absent)));
      break;
    }
    case 'reload': {
      let bytes = col.serialize();
      if (step.flip_byte !== undefined) { bytes = bytes.slice(); bytes[step.flip_byte] ^= 1; }
      if (step.keep_bytes !== undefined) bytes = bytes.slice(0, step.keep_bytes);
      const next = rv.Collection.deserialize(bytes, { embedder: encoderOf(step.encoder ?? c.encoder), rabitqThreshold: c.rabitq_threshold });
      col.dispose();
      state.col = next;
      break;
    }
    default: assert.fail(`unknown op ${step.op}`);
  }
}

test('the shared cases of collection_cases.json', () => {
  for (const c of cases.cases) {
    const state = { col: new rv.Collection({ embedder: encoderOf(c.encoder), metric: c.metric, rabitqThreshold: c.rabitq_threshold }) };
    try {
      c.steps.forEach((step, n) => {
        const where = `${c.name} step ${n}: ${JSON.stringify(step)}`;
        if (!step.error) { runStep(state, c, step); return; }
        assert.throws(() => runStep(state, c, step), (e) => {
          assert.equal(e.name, step.error.class, where);
          if (step.error.message !== undefined) assert.equal(e.message, step.error.message, where);
          if (step.error.message_contains !== undefined) assert.ok(e.message.includes(step.error.message_contains), `${where}: ${e.message}`);
          return true;
        }, where);
      });
    } finally {
      state.col.dispose();
    }
  }
});

test("a caller's embedder error and a caller's index reach the collection unchanged", () => {
  const failing = { dim: 4, embed() { throw new TypeError('model not ready'); } };
  const col = new rv.Collection({ embedder: failing });
  assert.throws(() => col.add(['a']), (e) => e instanceof TypeError && e.message === 'model not ready');
  assert.equal(col.size, 0);
  col.dispose();

  const calls = [];
  const factory = (vectors, { ids, metric }) => {
    calls.push(['build', vectors.length, [...ids], metric]);
    const inner = rv.FlatIndex.build(vectors, 26, { ids, metric });
    return {
      add: (v, i) => { calls.push(['add']); inner.add(v, i); },
      search: (q, k) => { calls.push(['search']); return inner.search(q, k); },
      remove: (i) => { calls.push(['remove']); return inner.remove(i); },
      get size() { return inner.size; },
    };
  };
  const custom = new rv.Collection({ embedder: firstLetter, metric: 'ip', indexFactory: factory });
  assert.equal(custom.indexKind, null);
  custom.add(['apple', 'banana'], { ids: [7, 8] });
  custom.add(['cherry']);
  assert.equal(custom.query('avocado', 1)[0].id, 7n);
  assert.equal(custom.remove([8]), 1);
  assert.equal(custom.indexKind, 'custom');
  assert.deepEqual(calls.map((c) => c[0]), ['build', 'add', 'search', 'remove']);
  assert.deepEqual(calls[0], ['build', 52, [7n, 8n], 'ip']);
  custom.dispose();
  assert.throws(() => custom.size, /Collection was disposed/);
});
