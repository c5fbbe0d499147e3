// @ruvector/sdk inside a bundled app, the way users ship it: packs the repo (`npm pack`, as
// tests/js/run.sh), installs the tarball into a scratch app (app/main.mjs + app/index.html), builds the
// app with Vite and with webpack 5 (both pinned in package-lock.json, default settings apart from the
// output place), serves each build with tests/browser/serve.mjs and runs it in Debian's Chromium:
// every golden flat case in the page and in an IndexWorker must equal tests/data/golden_flat.json,
// and every worker class must start its bundled host. Assumes web/js/dist is built.
//
// Run: node --test tests/bundlers/bundlers.test.mjs
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { build as viteBuild } from 'vite';
import webpack from 'webpack';

import { openChromium } from '../browser/chromium_session.mjs';
import { checkFlat, parseGolden } from '../js/golden_runner.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const HERE = fileURLToPath(new URL('./', import.meta.url));
const GOLDEN_FILE = join(ROOT, 'tests/data/golden_flat.json');
const golden = parseGolden(await readFile(GOLDEN_FILE, 'utf8'));
const version = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')).version;

let scratch;
let app; // the scratch app: package.json, node_modules/@ruvector/sdk from the tarball, the sources

before(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'ruvector-bundlers-'));
  const packed = execFileSync('npm', ['pack', '--silent', '--ignore-scripts', '--pack-destination', scratch],
    { cwd: ROOT, encoding: 'utf8' }).trim().split('\n').pop();
  app = join(scratch, 'app');
  await mkdir(app);
  await writeFile(join(app, 'package.json'), '{ "name": "ruvector-bundled-app", "private": true, "type": "module" }\n');
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--loglevel=error', join(scratch, packed)],
    { cwd: app, stdio: 'ignore' });
  for (const name of ['main.mjs', 'index.html']) await copyFile(join(HERE, 'app', name), join(app, name));
  await copyFile(join(ROOT, 'tests/js/golden_runner.mjs'), join(app, 'golden_runner.mjs'));
});

after(async () => {
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

function buildWithWebpack(outDir) {
  const config = {
    mode: 'production',
    context: app,
    entry: './main.mjs',
    output: { path: outDir, filename: 'main.js', clean: true },
    performance: { hints: false }, // the .wasm is ~1.8 MB by design
  };
  return new Promise((resolve, reject) => {
    webpack(config, (err, stats) => {
      if (err) return reject(err);
      if (stats.hasErrors()) return reject(new Error(stats.toString('errors-only')));
      resolve(stats.toJson({ all: false, warnings: true }).warnings);
    });
  });
}

// Serves `outDir` (the build plus golden_flat.json) and returns the page's window.result and problems.
async function runInChromium(outDir) {
  await copyFile(GOLDEN_FILE, join(outDir, 'golden_flat.json'));
  const session = await openChromium(outDir, { timeout: 60_000 });
  try {
    await session.page.goto(session.url('/index.html'));
    return { result: await session.page.evaluate(() => window.result), problems: session.problems };
  } finally {
    await session.close();
  }
}

function checkResult({ result, problems }) {
  assert.equal(result.error, undefined, `${result.error}\nbrowser problems:\n${problems.join('\n')}`);
  assert.equal(result.version, version);
  assert.equal(result.page.length, golden.flat.length);
  assert.equal(result.worker.length, golden.flat.length);
  golden.flat.forEach((c, i) => {
    assert.deepEqual(checkFlat(c, result.page[i], golden.tolerance.relative), [], `page: ${c.name}`);
    assert.deepEqual(checkFlat({ ...c, distance_matrix: [] }, result.worker[i], golden.tolerance.relative), [],
      `IndexWorker: ${c.name}`);
  });
  assert.deepEqual(result.started, ['WitnessWorker', 'LakeWorker']);
  assert.deepEqual({ name: result.embed.name, isEmbedError: result.embed.isEmbedError },
    { name: 'EmbedError', isEmbedError: true }, result.embed.message);
  assert.deepEqual(problems, []);
}

// The built files: a .wasm asset, and no `node:` specifier anywhere in the emitted JavaScript.
async function checkOutput(outDir) {
  const files = (await readdir(outDir, { recursive: true })).map(String);
  assert.ok(files.some((f) => f.endsWith('.wasm')), `no .wasm emitted: ${files.join(', ')}`);
  for (const f of files.filter((name) => /\.m?js$/.test(name))) {
    const text = await readFile(join(outDir, f), 'utf8');
    assert.doesNotMatch(text, /["'`]node:[a-z_/]+["'`]/, `${f} names a node: module`);
  }
  return files;
}

test('Vite builds the app; the page and its workers pass the golden vectors in Chromium', { timeout: 240_000 }, async () => {
  const outDir = join(app, 'dist-vite');
  const t0 = performance.now();
  await viteBuild({ root: app, configFile: false, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  const built = Math.round(performance.now() - t0);
  const files = await checkOutput(outDir);
  checkResult(await runInChromium(outDir));
  console.log(`vite: built in ${built} ms (${files.length} files), ran in ${Math.round(performance.now() - t0 - built)} ms`);
});

test('webpack 5 builds the app; the page and its workers pass the golden vectors in Chromium', { timeout: 240_000 }, async () => {
  const outDir = join(app, 'dist-webpack');
  const t0 = performance.now();
  const warnings = await buildWithWebpack(outDir);
  const built = Math.round(performance.now() - t0);
  assert.deepEqual(warnings.map((w) => w.message), [], 'webpack warnings');
  await writeFile(join(outDir, 'index.html'), (await readFile(join(HERE, 'app/index.html'), 'utf8'))
    .replace('<script type="module" src="./main.mjs"></script>', '<script src="./main.js"></script>'));
  const files = await checkOutput(outDir);
  checkResult(await runInChromium(outDir));
  console.log(`webpack: built in ${built} ms (${files.length} files), ran in ${Math.round(performance.now() - t0 - built)} ms`);
});
