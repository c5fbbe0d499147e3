// The ruvector Python package inside Pyodide under Node, offline: Pyodide from node_modules, the wheel
// the npm package ships (web/pyodide/ruvector-*-pyodide_*_wasm32.whl, built if missing, or $RUVECTOR_PYODIDE_WHEEL), the SDK's
// wasm module through @ruvector/sdk/pyodide, then the golden vectors (golden_check.py: flat, embed and
// rabitq).
//
// Run: node --test tests/pyodide/node.test.mjs   (or tests/pyodide/run.sh)
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { loadPyodide } from 'pyodide';
import { loadRuvector } from '@ruvector/sdk/pyodide';

import { imageModelPath } from '../js/image_model_runner.mjs';
import { bgeModelDir, e5ModelDir, modelDir as modelDirIn } from '../js/text_model_runner.mjs';
import { shippedWheel, wheelOptions } from './wheel.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const HERE = fileURLToPath(new URL('./', import.meta.url));
const modelDir = () => modelDirIn(ROOT);
const GOLDEN_FILES = ['golden_flat.json', 'golden_embed.json', 'golden_rabitq.json'];
// The native wheel's interpreter (scripts/bootstrap + scripts/build_wheel; scripts/test runs pytest
// on it before this suite): it checks what Pyodide publishes.
const NATIVE_PYTHON = `${ROOT}.venv/bin/python`;

test('ruvector in Pyodide (Node) passes the golden vectors', { timeout: 120_000 }, async () => {
  const options = wheelOptions();
  const t0 = performance.now();
  // Pyodide's own stdout goes to the test's output; a quiet stdout keeps the TAP stream readable.
  const pyodide = await loadPyodide({ indexURL: `${ROOT}node_modules/pyodide/`, stdout: () => {}, stderr: console.error });
  const tPyodide = performance.now();
  await loadRuvector(pyodide, options);
  const tRuvector = performance.now();

  pyodide.FS.mkdirTree('/tmp/ruvector_check');
  // golden_check.py reads golden_embed.json and golden_rabitq.json from next to golden_flat.json.
  for (const name of GOLDEN_FILES) {
    pyodide.FS.writeFile(`/tmp/ruvector_check/${name}`, await readFile(`${ROOT}tests/data/${name}`));
  }
  pyodide.FS.writeFile('/tmp/ruvector_check/golden_check.py', await readFile(`${HERE}golden_check.py`));
  const summary = pyodide.runPython(`
import sys
sys.path.insert(0, "/tmp/ruvector_check")
import golden_check
golden_check.main("/tmp/ruvector_check/golden_flat.json")
`);
  const tDone = performance.now();
  console.log(`pyodide ${pyodide.version}: ${summary} (loadPyodide ${Math.round(tPyodide - t0)} ms, `
    + `loadRuvector ${Math.round(tRuvector - tPyodide)} ms, checks ${Math.round(tDone - tRuvector)} ms; wheel ${options.wheel ?? 'shipped in the package'})`);
  assert.match(summary, /^\d+ passed, 0 failed$/);
  assert.equal(pyodide.runPython('import sys, ruvector; (sys.platform, ruvector.__version__)').toJs().join(' '),
    `emscripten ${JSON.parse(await readFile(`${ROOT}package.json`, 'utf8')).version}`);
});

test('ruvector.witness in Pyodide (Node) passes the witness vectors', { timeout: 120_000 }, async () => {
  const pyodide = await loadPyodide({ indexURL: `${ROOT}node_modules/pyodide/`, stdout: () => {}, stderr: console.error });
  await loadRuvector(pyodide, wheelOptions());
  pyodide.FS.mkdirTree('/tmp/ruvector_witness');
  for (const name of ['upstream_bundle_witness.json', 'merkle_cases.json', 'go_note_example.json',
    'content_witness_vectors.json']) {
    pyodide.FS.writeFile(`/tmp/ruvector_witness/${name}`, await readFile(`${ROOT}tests/data/witness/${name}`));
  }
  pyodide.FS.writeFile('/tmp/ruvector_witness/witness_check.py', await readFile(`${HERE}witness_check.py`));
  const summary = pyodide.runPython(`
import sys
sys.path.insert(0, "/tmp/ruvector_witness")
import witness_check
witness_check.main()
`);
  console.log(`pyodide witness: ${summary}`);
  assert.match(summary, /^\d+ passed, 0 failed$/);
});

test('rv.Lake in Pyodide (Node) is the core\'s lake: lake_check.py and the published bundle', { timeout: 120_000 },
  async () => {
    const pyodide = await loadPyodide({ indexURL: `${ROOT}node_modules/pyodide/`, stdout: () => {}, stderr: console.error });
    await loadRuvector(pyodide, wheelOptions());
    pyodide.FS.mkdirTree('/tmp/ruvector_lake/bundle');
    const files = {};
    for (const name of ['table.rulake.json', 'bundle.witness.json', 'index.rvq', 'expected.json']) {
      files[name] = await readFile(`${ROOT}tests/data/lake_bundle/${name}`);
      pyodide.FS.writeFile(`/tmp/ruvector_lake/bundle/${name}`, files[name]);
    }
    pyodide.FS.writeFile('/tmp/ruvector_lake/lake_check.py', await readFile(`${HERE}lake_check.py`));
    const summary = pyodide.runPython(`
import sys
sys.path.insert(0, "/tmp/ruvector_lake")
import lake_check
lake_check.main("/tmp/ruvector_lake/bundle")
`);
    console.log(`pyodide lake: ${summary}`);
    assert.equal(summary, '16 passed, 0 failed');

    // A bundle signed and published in Pyodide (its files, checkpoint and log written by the wasm
    // core) verifies natively: the wheel installed in .venv (scripts/build_wheel) checks a copy.
    const verifier = pyodide.runPython('lake_check.publish_signed_bundle("/tmp/ruvector_lake/signed/docs")');
    const signed = await mkdtemp(join(tmpdir(), 'ruvector-pyodide-signed-'));
    try {
      for (const name of ['table.rulake.json', 'bundle.witness.json', 'index.rvq', 'expected.json']) {
        await writeFile(join(signed, name), pyodide.FS.readFile(`/tmp/ruvector_lake/signed/docs/${name}`));
      }
      const native = execFileSync(NATIVE_PYTHON, ['-c', `import sys
sys.path.insert(0, sys.argv[1])
import lake_check, ruvector
assert sys.platform != "emscripten" and ruvector._core.__file__.endswith(".so"), ruvector._core.__file__
print(lake_check.check_published_bundle(sys.argv[2]))`, HERE, signed], { encoding: 'utf8' });
      assert.equal(native.trim(), '2', native);
      console.log(`pyodide-signed bundle (${verifier.split('+')[0]}) verified natively`);
    } finally {
      await rm(signed, { recursive: true, force: true });
    }

    // The same bundle over HTTP: rv.HttpBundleBackend is the SDK's fetch-based one under Pyodide.
    const requests = [];
    const server = createServer((req, res) => {
      requests.push(req.url);
      const body = files[req.url.split('/').pop()];
      if (body) res.writeHead(200, { 'content-length': body.length }).end(body);
      else res.writeHead(404).end();
    });
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${server.address().port}/bundles/docs`;
      const http = await pyodide.runPythonAsync(`await lake_check.http_main("${url}", "/tmp/ruvector_lake/bundle")`);
      console.log(`pyodide lake over HTTP: ${http}`);
      assert.equal(http, '2 passed, 0 failed');
      assert.ok(requests.includes('/bundles/docs/bundle.witness.json'), requests.join(' '));
    } finally {
      server.close();
    }
  });

test('rv.Collection in Pyodide (Node) is the core\'s collection: collection_check.py', { timeout: 120_000 }, async () => {
  const pyodide = await loadPyodide({ indexURL: `${ROOT}node_modules/pyodide/`, stdout: () => {}, stderr: console.error });
  await loadRuvector(pyodide, wheelOptions());
  pyodide.FS.mkdirTree('/tmp/ruvector_collection');
  pyodide.FS.writeFile('/tmp/ruvector_collection/collection_cases.json', await readFile(`${ROOT}tests/data/collection_cases.json`));
  pyodide.FS.writeFile('/tmp/ruvector_collection/collection_check.py', await readFile(`${HERE}collection_check.py`));
  const summary = pyodide.runPython(`
import sys
sys.path.insert(0, "/tmp/ruvector_collection")
import collection_check
collection_check.main("/tmp/ruvector_collection/collection_cases.json")
`);
  console.log(`pyodide collection: ${summary}`);
  assert.equal(summary, '6 passed, 0 failed');
});

test('rv.lake.ShardMap in Pyodide (Node) routes as the core: shard_map_check.py', { timeout: 120_000 }, async () => {
  const pyodide = await loadPyodide({ indexURL: `${ROOT}node_modules/pyodide/`, stdout: () => {}, stderr: console.error });
  await loadRuvector(pyodide, wheelOptions());
  pyodide.FS.mkdirTree('/tmp/ruvector_shards');
  pyodide.FS.writeFile('/tmp/ruvector_shards/shard_map_cases.json', await readFile(`${ROOT}tests/data/shard_map_cases.json`));
  pyodide.FS.writeFile('/tmp/ruvector_shards/shard_map_check.py', await readFile(`${HERE}shard_map_check.py`));
  const summary = pyodide.runPython(`
import sys
sys.path.insert(0, "/tmp/ruvector_shards")
import shard_map_check
shard_map_check.main("/tmp/ruvector_shards/shard_map_cases.json")
`);
  assert.equal(summary, '9 passed, 0 failed');
});

test('Collection.query filters in Pyodide (Node) run in the core\'s scan: filter_check.py', { timeout: 120_000 }, async () => {
  const pyodide = await loadPyodide({ indexURL: `${ROOT}node_modules/pyodide/`, stdout: () => {}, stderr: console.error });
  await loadRuvector(pyodide, wheelOptions());
  pyodide.FS.mkdirTree('/tmp/ruvector_filter');
  pyodide.FS.writeFile('/tmp/ruvector_filter/filter_cases.json', await readFile(`${ROOT}tests/data/filter_cases.json`));
  pyodide.FS.writeFile('/tmp/ruvector_filter/filter_check.py', await readFile(`${HERE}filter_check.py`));
  const doc = JSON.parse(await readFile(`${ROOT}tests/data/filter_cases.json`, 'utf8'));
  const summary = pyodide.runPython(`
import sys
sys.path.insert(0, "/tmp/ruvector_filter")
import filter_check
filter_check.main("/tmp/ruvector_filter/filter_cases.json")
`);
  console.log(`pyodide filters: ${summary}`);
  assert.equal(summary, `${doc.indexes.length * (doc.cases.length + doc.errors.length)} passed, 0 failed`);
});

test('rv.TextEncoder in Pyodide (Node) is the core\'s wasm encoder: text_encoder_check.py', { timeout: 300_000 }, async () => {
  const pyodide = await loadPyodide({ indexURL: `${ROOT}node_modules/pyodide/`, stdout: () => {}, stderr: console.error });
  await loadRuvector(pyodide, wheelOptions());
  const model = modelDir();
  pyodide.FS.mkdirTree('/tmp/ruvector_model/1_Pooling');
  for (const name of ['config.json', 'model.safetensors', 'tokenizer.json', 'tokenizer_config.json', 'vocab.txt',
    'sentence_bert_config.json', 'modules.json', '1_Pooling/config.json']) {
    if (existsSync(`${model}/${name}`)) pyodide.FS.writeFile(`/tmp/ruvector_model/${name}`, await readFile(`${model}/${name}`));
  }
  pyodide.FS.writeFile('/tmp/ruvector_model/golden.json', await readFile(`${ROOT}tests/data/golden_embed_minilm.json`));
  for (const name of ['text_encoder_check.py', 'check_runner.py']) pyodide.FS.writeFile(`/tmp/ruvector_model/${name}`, await readFile(`${HERE}${name}`));
  const summary = pyodide.runPython(`
import sys
sys.path.insert(0, "/tmp/ruvector_model")
import text_encoder_check
text_encoder_check.main("/tmp/ruvector_model", "/tmp/ruvector_model/golden.json")
`);
  console.log(`pyodide text encoder: ${summary}`);
  assert.equal(summary, '4 passed, 0 failed');
});

for (const { name, dir, fixture } of [
  { name: 'bge-small-en-v1.5', dir: bgeModelDir, fixture: 'golden_text_bge_small.json' },
  { name: 'e5-small-v2', dir: e5ModelDir, fixture: 'golden_text_e5_small.json' },
]) {
  test(`rv.TextEncoder on ${name} in Pyodide (Node): text_encoder_onnx_check.py`, { timeout: 300_000 }, async () => {
    const pyodide = await loadPyodide({ indexURL: `${ROOT}node_modules/pyodide/`, stdout: () => {}, stderr: console.error });
    await loadRuvector(pyodide, wheelOptions());
    const model = dir(ROOT);
    pyodide.FS.mkdirTree('/tmp/ruvector_onnx/1_Pooling');
    for (const file of ['config.json', 'model.safetensors', 'tokenizer.json', 'sentence_bert_config.json', 'modules.json',
      'config_sentence_transformers.json', '1_Pooling/config.json']) {
      pyodide.FS.writeFile(`/tmp/ruvector_onnx/${file}`, await readFile(`${model}/${file}`));
    }
    pyodide.FS.writeFile('/tmp/ruvector_onnx/golden.json', await readFile(`${ROOT}tests/data/${fixture}`));
    for (const file of ['text_encoder_onnx_check.py', 'check_runner.py']) pyodide.FS.writeFile(`/tmp/ruvector_onnx/${file}`, await readFile(`${HERE}${file}`));
    const summary = pyodide.runPython(`
import sys
sys.path.insert(0, "/tmp/ruvector_onnx")
import text_encoder_onnx_check
text_encoder_onnx_check.main("/tmp/ruvector_onnx", "/tmp/ruvector_onnx/golden.json")
`);
    console.log(`pyodide ${name}: ${summary}`);
    assert.equal(summary, '3 passed, 0 failed');
  });
}

test('rv.ImageEncoder in Pyodide (Node) is the core\'s wasm encoder, fp32 and static INT8: image_encoder_check.py', { timeout: 300_000 }, async () => {
  const pyodide = await loadPyodide({ indexURL: `${ROOT}node_modules/pyodide/`, stdout: () => {}, stderr: console.error });
  await loadRuvector(pyodide, wheelOptions());
  pyodide.FS.mkdirTree('/tmp/ruvector_image');
  pyodide.FS.writeFile('/tmp/ruvector_image/efficientnet-lite0.safetensors', await readFile(imageModelPath(ROOT)));
  pyodide.FS.writeFile('/tmp/ruvector_image/golden.json', await readFile(`${ROOT}tests/data/golden_image_lite0.json`));
  for (const name of ['image_encoder_check.py', 'check_runner.py']) pyodide.FS.writeFile(`/tmp/ruvector_image/${name}`, await readFile(`${HERE}${name}`));
  const summary = pyodide.runPython(`
import sys
sys.path.insert(0, "/tmp/ruvector_image")
import image_encoder_check
image_encoder_check.main("/tmp/ruvector_image/efficientnet-lite0.safetensors", "/tmp/ruvector_image/golden.json")
`);
  console.log(`pyodide image encoder: ${summary}`);
  assert.equal(summary, '4 passed, 0 failed');
});

test('loadRuvector rejects bad arguments before touching Pyodide', async () => {
  await assert.rejects(loadRuvector({ registerJsModule() {} }, {}), TypeError);
  await assert.rejects(loadRuvector({ unpackArchive() {}, registerJsModule() {} }, { wheel: 42 }), TypeError);
  await assert.rejects(loadRuvector(null, { wheel: new Uint8Array(0) }), TypeError);
});

test('loadRuvector takes the wheel as bytes, a Buffer, an ArrayBuffer, a path or a file: URL, and defaults to the shipped copy', async () => {
  const wheel = shippedWheel();
  const want = new Uint8Array(await readFile(wheel));
  const forms = [want, await readFile(wheel), want.buffer.slice(want.byteOffset, want.byteOffset + want.byteLength),
    wheel, pathToFileURL(wheel), pathToFileURL(wheel).href, undefined];
  for (const given of forms) {
    const calls = [];
    const fake = {
      // The SDK (its FlatIndex class), the wasm module (its Embind handle classes), the decoders and
      // the directory code on Pyodide's files.
      registerJsModule: (name, module) => calls.push(['register', name,
        typeof (module.FlatIndex ?? module.A2AStreamHandle ?? module.a2aEventRecords ?? module.FsBackend)]),
      // Exactly a Uint8Array: Pyodide's unpackArchive refuses a Node Buffer ("Unknown typed array type").
      unpackArchive: (bytes, format) =>
        calls.push(['unpack', bytes.constructor === Uint8Array && Buffer.from(bytes).equals(want), format]),
      runPython: (code) => calls.push(['run', /import ruvector/.test(code)]),
    };
    assert.equal(await loadRuvector(fake, { wheel: given }), fake);
    assert.deepEqual(calls, [['register', '_ruvector_js', 'function'], ['register', '_ruvector_wasm', 'function'],
      ['register', '_ruvector_decoders', 'function'], ['register', '_ruvector_files', 'function'],
      ['unpack', true, 'wheel'], ['run', true]],
      String(given?.constructor?.name ?? given));
  }
});

// The README's Pyodide block, run as written by a user's script: '@ruvector/sdk/pyodide' and 'pyodide'
// resolve from its node_modules (symlinks to this checkout), and loadRuvector() takes the shipped wheel.
test('the README\'s Pyodide block runs as written', { timeout: 120_000 }, async () => {
  const readme = await readFile(`${ROOT}README.md`, 'utf8');
  const block = /<!-- readme-pyodide-js -->\n```js\n([\s\S]*?)```/.exec(readme)?.[1];
  assert.ok(block, 'README.md has no block after <!-- readme-pyodide-js -->');
  if (!process.env.RUVECTOR_PYODIDE_WHEEL) shippedWheel();
  const scratch = await mkdtemp(join(tmpdir(), 'ruvector-readme-pyodide-'));
  try {
    await mkdir(join(scratch, 'node_modules/@ruvector'), { recursive: true });
    await symlink(join(ROOT, 'node_modules/pyodide'), join(scratch, 'node_modules/pyodide'));
    await symlink(ROOT, join(scratch, 'node_modules/@ruvector/sdk'));
    await writeFile(join(scratch, 'package.json'), '{ "type": "module" }\n');
    await writeFile(join(scratch, 'readme.mjs'), block);
    const out = execFileSync(process.execPath, ['readme.mjs'], { cwd: scratch, encoding: 'utf8' });
    assert.equal(out.trim().split('\n').pop(), '[[1]]');
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
});
