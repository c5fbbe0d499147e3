// ImageEncoder (the core's EfficientNet-Lite0 in wasm) through the installed @ruvector/sdk: the golden
// fixture tests/data/golden_image_lite0.json (embeddings and logits of PyTorch on the same weights,
// cosine >= 0.9999 and the same top-1 class) with the weights scripts/bootstrap converts
// (.venv/ruvector-models/efficientnet-lite0.safetensors; RUVECTOR_IMAGE_MODEL overrides), errors that
// name the bad image, and ImageEmbedWorker (the same vectors off the calling thread).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as rv from '@ruvector/sdk';

import { imageModelPath } from './image_model_runner.mjs';

const ROOT = process.env.RUVECTOR_REPO_ROOT ? `${process.env.RUVECTOR_REPO_ROOT}/` : fileURLToPath(new URL('../../', import.meta.url));
const golden = JSON.parse(await readFile(`${ROOT}tests/data/golden_image_lite0.json`, 'utf8'));
await rv.init();
const encoder = await rv.ImageEncoder.load(imageModelPath(ROOT));

function cosine(a, b) {
  let dot = 0; let na = 0; let nb = 0;
  for (let i = 0; i < a.length; i++) { dot += a[i] * b[i]; na += a[i] * a[i]; nb += b[i] * b[i]; }
  return dot / Math.sqrt(na * nb);
}

// Each case's thumbnail with every pixel repeated `scale` times both ways, as the fixture's maker did.
function goldenImages() {
  const { thumb_size: thumb, scale } = golden;
  const side = thumb * scale;
  return golden.cases.map((c) => {
    const data = new Uint8Array(side * side * 3);
    for (let y = 0; y < side; y++) {
      for (let x = 0; x < side; x++) {
        const from = ((Math.floor(y / scale) * thumb) + Math.floor(x / scale)) * 3;
        data.set(c.pixels.slice(from, from + 3), (y * side + x) * 3);
      }
    }
    return { data, width: side, height: side };
  });
}

function argmax(values) {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}

test('embeddings and logits reach cosine >= 0.9999 to PyTorch and the same top-1 class', () => {
  assert.deepEqual([encoder.dim, encoder.numClasses, encoder.inputSize], [1280, 1000, 224]);
  const images = goldenImages();
  const rows = encoder.embed(images);
  const logits = encoder.logits(images);
  assert.equal(rows.length, images.length * encoder.dim);
  assert.equal(logits.length, images.length * encoder.numClasses);
  let worst = 1;
  golden.cases.forEach((c, i) => {
    const e = rows.subarray(i * encoder.dim, (i + 1) * encoder.dim);
    const l = logits.subarray(i * encoder.numClasses, (i + 1) * encoder.numClasses);
    assert.ok(Math.abs(Math.hypot(...e) - 1) < 1e-5, c.name);
    assert.ok(cosine(l, c.logits) >= 0.9999, `${c.name}: logits cosine ${cosine(l, c.logits)}`);
    assert.equal(argmax(l), c.top5[0], c.name);
    worst = Math.min(worst, cosine(e, c.embedding));
  });
  console.log(`wasm image encoder: worst embedding cosine to PyTorch ${worst.toFixed(7)} over ${images.length} images`);
  assert.ok(worst >= 0.9999, `worst cosine ${worst}`);
});

test('RGBA (ImageData-like, channels from the length), gray and RGB inputs of the same picture agree', async () => {
  const [rgb] = goldenImages();
  const n = rgb.width * rgb.height;
  const rgba = new Uint8ClampedArray(n * 4);
  const gray = new Uint8Array(n);
  const grayRgb = new Uint8Array(n * 3);
  for (let i = 0; i < n; i++) {
    rgba.set([...rgb.data.subarray(i * 3, i * 3 + 3), 255], i * 4);
    gray[i] = rgb.data[i * 3 + 1];
    grayRgb.fill(gray[i], i * 3, i * 3 + 3);
  }
  assert.deepEqual(encoder.embed({ data: rgba, width: rgb.width, height: rgb.height }), encoder.embed(rgb));
  assert.deepEqual(encoder.embed({ data: gray, width: rgb.width, height: rgb.height }),
    encoder.embed({ data: grayRgb, width: rgb.width, height: rgb.height, channels: 3 }));
  const fromBytes = rv.ImageEncoder.fromBytes(await readFile(imageModelPath(ROOT)));
  const byUrl = await rv.ImageEncoder.load(pathToFileURL(imageModelPath(ROOT)));
  assert.deepEqual(fromBytes.embed([rgb]), encoder.embed(rgb));
  assert.deepEqual(byUrl.embed([rgb]), encoder.embed(rgb));
  fromBytes.dispose();
  byUrl.dispose();
});

test('bad images and bad weights are refused with messages naming them', async () => {
  const px = new Uint8Array(8 * 8 * 3);
  const refuses = (call, name, message) => assert.throws(call, (e) => e.name === name && (message instanceof RegExp ? message.test(e.message) : e.message === message), String(message));
  refuses(() => encoder.embed([{ data: px, width: 8, height: 8 }, { data: px, width: 8, height: 12 }]), 'InvalidInput',
    'image 1: expected 1, 3 or 4 channels, got 2');
  refuses(() => encoder.embed({ data: px, width: 8, height: 8, channels: 4 }), 'InvalidInput', 'image 0: expected 256 bytes for 8 x 8 x 4, got 192');
  refuses(() => encoder.embed({ data: px, width: 8.5, height: 8, channels: 3 }), 'InvalidInput', 'images[0].width must be an integer >= 0, got 8.5');
  refuses(() => encoder.embed({ data: new Float32Array(3), width: 1, height: 1 }), 'InvalidInput', /images\[0\]\.data must be a Uint8Array/);
  refuses(() => encoder.embed([null]), 'InvalidInput', /images\[0\] must be an object/);
  refuses(() => encoder.embed({ data: new Uint8Array(0), width: 0, height: 4, channels: 3 }), 'InvalidInput', 'image 0: empty image (4 x 0)');
  refuses(() => encoder.embed({ data: new Uint8Array(0), width: 2 ** 16, height: 2 ** 16, channels: 1 }), 'InvalidInput',
    'image 0: 65536 x 65536 x 1 pixels do not fit in memory');
  refuses(() => rv.ImageEncoder.fromBytes(new Uint8Array(16), { name: 'junk.safetensors' }), 'EmbedError', /^junk\.safetensors: /);
  await assert.rejects(rv.ImageEncoder.load(`${ROOT}tests/data/nope.safetensors`), (e) => e.name === 'EmbedError' && /nope\.safetensors/.test(e.message));
  assert.equal(encoder.embed([]).length, 0);
});

test('ImageEmbedWorker embeds off the calling thread: the same vectors and logits as in-thread', async () => {
  const { ImageEmbedWorker } = await import('@ruvector/sdk/worker');
  const worker = await ImageEmbedWorker.create({ model: imageModelPath(ROOT) });
  const images = goldenImages().slice(0, 2);
  try {
    assert.deepEqual([worker.dim, worker.numClasses, worker.inputSize], [1280, 1000, 224]);
    const [rows, logits] = await Promise.all([worker.embed(images), worker.logits(images[1])]);
    assert.deepEqual(rows, encoder.embed(images));
    assert.deepEqual(logits, encoder.logits(images[1]));
    await assert.rejects(worker.embed({ data: new Uint8Array(3), width: 1, height: 1, channels: 2 }), (e) => e.name === 'InvalidInput');
  } finally {
    worker.terminate();
  }
  await assert.rejects(worker.embed(images), /ImageEmbedWorker was terminated/);
  await assert.rejects(ImageEmbedWorker.create({ model: `${ROOT}tests/data/nope.safetensors` }), (e) => e.name === 'EmbedError');
});

test('progress(done, total, stage, fraction) after each image, in-thread and from an ImageEmbedWorker; a throwing callback leaves the encoder usable', async () => {
  const images = goldenImages().slice(0, 3);
  const expected = encoder.embed(images);
  for (const [method, stage] of [['embed', 'embed'], ['logits', 'logits']]) {
    const steps = [];
    encoder[method](images, { progress: (...step) => steps.push(step) });
    assert.deepEqual(steps, [1, 2, 3].map((done) => [done, 3, stage, done / 3]));
  }
  const boom = new Error('stop');
  assert.throws(() => encoder.embed(images, { progress: () => { throw boom; } }), (e) => e === boom);
  assert.deepEqual(encoder.embed(images), expected);
  const { ImageEmbedWorker } = await import('@ruvector/sdk/worker');
  const worker = await ImageEmbedWorker.create({ model: imageModelPath(ROOT) });
  try {
    const steps = [];
    assert.deepEqual(await worker.embed(images, { progress: (...step) => steps.push(step) }), expected);
    assert.deepEqual(steps, [1, 2, 3].map((done) => [done, 3, 'embed', done / 3]));
    await assert.rejects(worker.logits(images, { progress: () => { throw boom; } }), (e) => e === boom);
    assert.deepEqual(await worker.embed(images), expected);
  } finally {
    worker.terminate();
  }
});

test('quantize: a static INT8 encoder stays close to fp32 and round-trips its calibration', () => {
  const images = goldenImages();
  const fp32 = encoder.embed(images);
  assert.equal(encoder.calibration, null);
  const int8 = encoder.quantize(images, { method: 'minmax' });
  try {
    const got = int8.embed(images);
    const dim = encoder.dim;
    for (let i = 0; i < images.length; i++) {
      const c = cosine(got.subarray(i * dim, (i + 1) * dim), fp32.subarray(i * dim, (i + 1) * dim));
      assert.ok(c >= 0.95 && c < 0.99999, `image ${i}: INT8 vs fp32 cosine ${c}`);
    }
    const calibration = JSON.parse(int8.calibration);
    assert.equal(calibration.method, 'minmax');
    const again = encoder.quantize(undefined, { calibration: int8.calibration });
    try {
      assert.deepEqual(again.embed(images), got);
    } finally {
      again.dispose();
    }
  } finally {
    int8.dispose();
  }
  assert.throws(() => encoder.quantize(images, { method: 'mse' }), (e) => e instanceof rv.InvalidInput && /'mse'/.test(e.message));
  assert.throws(() => encoder.quantize(undefined, { calibration: '[]' }), (e) => e instanceof rv.InvalidInput && /not a JSON object/.test(e.message));
  assert.throws(() => encoder.quantize(), (e) => e instanceof rv.InvalidInput);
});

test('calibrate gives the JSON quantize uses; ImageEmbedWorker.quantize runs that INT8 encoder in its worker', async () => {
  const images = goldenImages().slice(0, 2);
  const calibration = encoder.calibrate(images, { method: 'minmax' });
  assert.equal(JSON.parse(calibration).method, 'minmax');
  const int8 = encoder.quantize(undefined, { calibration });
  const expected = int8.embed(images);
  const expectedLogits = int8.logits(images);
  int8.dispose();
  assert.throws(() => encoder.calibrate(images, { method: 'mse' }), (e) => e instanceof rv.InvalidInput && /'mse'/.test(e.message));
  const { ImageEmbedWorker } = await import('@ruvector/sdk/worker');
  const worker = await ImageEmbedWorker.create({ model: imageModelPath(ROOT) });
  try {
    assert.equal(worker.calibration, null);
    const steps = [];
    assert.equal(await worker.quantize(images, { method: 'minmax', progress: (done, total) => steps.push([done, total]) }), calibration);
    assert.deepEqual(steps, [[1, 2], [2, 2]]);
    assert.equal(worker.calibration, calibration);
    assert.deepEqual(await worker.embed(images), expected);
    assert.deepEqual(await worker.logits(images), expectedLogits);
    await assert.rejects(worker.quantize(undefined, { calibration: '[]' }), (e) => e.name === 'InvalidInput' && /not a JSON object/.test(e.message));
    assert.deepEqual(await worker.embed(images), expected); // a refused quantize leaves the encoder as it was
  } finally {
    worker.terminate();
  }
  const started = await ImageEmbedWorker.create({ model: imageModelPath(ROOT), calibration });
  try {
    assert.equal(started.calibration, calibration);
    assert.deepEqual(await started.embed(images), expected);
  } finally {
    started.terminate();
  }
});
