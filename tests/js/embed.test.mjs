// HashEmbedder through the installed @ruvector/sdk package: the golden vectors of
// tests/data/golden_embed.json bit for bit, the shared error messages, lifetime.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import * as rv from '@ruvector/sdk';

// tests/js/run.sh runs a copy of this file in a scratch project and says where the repo is.
const golden = JSON.parse(await readFile(process.env.RUVECTOR_REPO_ROOT
  ? `${process.env.RUVECTOR_REPO_ROOT}/tests/data/golden_embed.json`
  : new URL('../data/golden_embed.json', import.meta.url), 'utf8'));
await rv.init();

const embedderOf = (c) => new rv.HashEmbedder({ dim: c.dim, ngramMin: c.ngram_min, ngramMax: c.ngram_max, seed: BigInt(c.seed) });
const bitsOf = (f32) => [...new Uint32Array(f32.buffer, f32.byteOffset, f32.length)];
const fromHex = (hex) => Uint8Array.from(hex.match(/../g) ?? [], (h) => parseInt(h, 16));

test('golden vectors are bit-exact (one by one and as one batch)', () => {
  for (const c of golden.cases) {
    const embedder = embedderOf(c);
    try {
      const want = bitsOf(Float32Array.from(c.vector));
      const one = embedder.embedOne(c.text);
      assert.ok(one instanceof Float32Array);
      assert.deepEqual(bitsOf(one), want, c.name);
      const batch = embedder.embed(['first', c.text, '']);
      assert.equal(batch.length, 3 * c.dim);
      assert.deepEqual(bitsOf(batch.subarray(c.dim, 2 * c.dim)), want, c.name);
    } finally {
      embedder.dispose();
    }
  }
});

test('embedUtf8 takes texts as one UTF-8 buffer and n + 1 offsets', () => {
  const embedder = new rv.HashEmbedder({ dim: 32 });
  try {
    const texts = ['naïve café', '', '東京 🙂'];
    const encoded = texts.map((t) => new TextEncoder().encode(t));
    const bytes = new Uint8Array(encoded.reduce((n, b) => n + b.length, 0));
    const offsets = [0];
    for (const b of encoded) {
      bytes.set(b, offsets.at(-1));
      offsets.push(offsets.at(-1) + b.length);
    }
    assert.deepEqual(embedder.embedUtf8(bytes, offsets), embedder.embed(texts));
    assert.deepEqual(embedder.embedUtf8(bytes, new Uint32Array(offsets)), embedder.embed(texts));
    assert.equal(embedder.embedUtf8(new Uint8Array(0), [0]).length, 0);
    assert.equal(embedder.embed([]).length, 0);
    assert.throws(() => embedder.embedUtf8(bytes, [0, 5, 2]),
      (e) => e instanceof rv.InvalidInput && e.message === 'offsets must be non-decreasing: offsets[2] = 2 < offsets[1] = 5');
    assert.throws(() => embedder.embedUtf8(bytes, [0, 1000]), /offsets\[1\] = 1000 is past the end/);
    assert.throws(() => embedder.embedUtf8(bytes, [0, -1]), rv.InvalidInput);
  } finally {
    embedder.dispose();
  }
});

test('invalid UTF-8 and lone surrogates give the shared InvalidInput messages', () => {
  const embedder = new rv.HashEmbedder();
  try {
    for (const c of golden.utf8_errors) {
      const bad = fromHex(c.bytes_hex);
      const bytes = new Uint8Array(2 + bad.length);
      bytes.set(new TextEncoder().encode('ok'));
      bytes.set(bad, 2);
      assert.throws(() => embedder.embedUtf8(bytes, [0, 2, bytes.length]),
        (e) => e instanceof rv.InvalidInput && e.message === c.message, c.bytes_hex);
    }
    // A JS string with a lone surrogate is refused, not silently turned into U+FFFD.
    assert.throws(() => embedder.embed(['ok', 'a\uD800b']),
      (e) => e instanceof rv.InvalidInput && e.message === 'texts[1] is not valid UTF-8 (byte 0xED at offset 1)');
    assert.throws(() => embedder.embedOne('\uDC00'), /texts\[0\] is not valid UTF-8 \(byte 0xED at offset 0\)/);
    // Well-formed surrogate pairs (emoji) are fine.
    assert.equal(embedder.embedOne('\uD83D\uDE42').length, 384);
    assert.throws(() => embedder.embed('one string'), (e) => e instanceof rv.InvalidInput && /use embedOne/.test(e.message));
    assert.throws(() => embedder.embed(['a', 3]), (e) => e instanceof rv.InvalidInput && e.message === 'texts[1] must be a string, got number');
    assert.throws(() => embedder.embed(null), rv.InvalidInput);
    assert.throws(() => embedder.embedOne(42), /text must be a string, got number/);
  } finally {
    embedder.dispose();
  }
});

test('options: defaults, validation with the shared messages, u64 seeds', () => {
  const d = new rv.HashEmbedder();
  assert.deepEqual([d.dim, d.ngramMin, d.ngramMax, d.seed], [384, 3, 5, 0n]);
  d.dispose();
  for (const c of golden.option_errors) {
    assert.throws(() => new rv.HashEmbedder({ dim: c.dim, ngramMin: c.ngram_min, ngramMax: c.ngram_max }),
      (e) => e instanceof rv.InvalidInput && e.message.includes(c.message_contains), c.message_contains);
  }
  assert.throws(() => new rv.HashEmbedder({ dim: 2.5 }), /dim must be an integer, got 2.5/);
  assert.throws(() => new rv.HashEmbedder({ seed: -1 }), rv.InvalidInput);
  assert.throws(() => new rv.HashEmbedder({ seed: 2 ** 60 }), /a bigint above 2\^53/);
  assert.throws(() => new rv.HashEmbedder({ seed: 1n << 64n }), rv.InvalidInput);
  const big = new rv.HashEmbedder({ seed: (1n << 64n) - 1n, dim: 8 });
  const small = new rv.HashEmbedder({ seed: 123, dim: 8 });
  try {
    assert.equal(big.seed, (1n << 64n) - 1n);
    assert.equal(small.seed, 123n);
    assert.notDeepEqual(big.embedOne('seeded text'), small.embedOne('seeded text'));
  } finally {
    big.dispose();
    small.dispose();
  }
});

test('similar texts are closer than unrelated ones', () => {
  const e = new rv.HashEmbedder();
  try {
    const [q, near, far] = [
      'how do I reset my password',
      'To reset a forgotten password, open the account settings',
      'The train to Berlin leaves at noon from platform 9',
    ].map((t) => e.embedOne(t));
    const dot = (a, b) => a.reduce((s, v, i) => s + v * b[i], 0);
    assert.ok(dot(q, near) > dot(q, far) + 0.1);
    assert.ok(Math.abs(dot(q, q) - 1) < 1e-6);
    // With FlatIndex: the embedder's rows feed an index directly.
    const index = rv.FlatIndex.build(e.embed(['the cat sat on the mat', 'stock markets fell']), 384, { metric: 'cosine' });
    try {
      assert.deepEqual([...index.search(e.embedOne('a cat on a mat'), 1).ids], [0n]);
    } finally {
      index.dispose();
    }
  } finally {
    e.dispose();
  }
});

test('dispose is idempotent and later use throws', () => {
  const e = new rv.HashEmbedder({ dim: 4 });
  e.dispose();
  e.dispose();
  assert.throws(() => e.embed(['x']), (err) => err instanceof rv.RuVectorError && /disposed/.test(err.message));
  assert.throws(() => e.dim, /disposed/);
});

test('large batches: many texts, memory growth, same rows as one by one', () => {
  const e = new rv.HashEmbedder({ dim: 64 });
  try {
    const texts = Array.from({ length: 5000 }, (_, i) => `document ${i} about topic ${i % 17} with ünïcödé ${'x'.repeat(i % 50)}`);
    const all = e.embed(texts);
    assert.equal(all.length, 5000 * 64);
    for (const i of [0, 1234, 4999]) assert.deepEqual(all.subarray(i * 64, (i + 1) * 64), e.embedOne(texts[i]));
  } finally {
    e.dispose();
  }
});
