// Browser test: Debian Chromium (through playwright-core, never a downloaded browser) opens
// tests/pyodide/index.html; its module Worker (worker.mjs) loads Pyodide from the served node_modules,
// installs the pure wheel through @ruvector/sdk/pyodide (loader.mjs, given the wheel's URL) and runs
// golden_check.py. Offline: everything comes from a local static server on 127.0.0.1.
//
// The server (tests/browser/serve.mjs) serves a scratch root of symlinks (node_modules, web, tests and
// the wheel), so a wheel from $RUVECTOR_PYODIDE_WHEEL outside the repo is served as well.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

import { locateWheel } from './wheel.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SERVE = fileURLToPath(new URL('../browser/serve.mjs', import.meta.url));
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

// serve.mjs writes its port to a file once listening (stdio is 'ignore': an inherited pipe would keep
// a caller's shell pipeline open if the server outlived us).
async function waitForPort(portFile, server) {
  for (let waited = 0; waited < 10_000; waited += 25) {
    if (server.exitCode !== null) throw new Error(`serve.mjs exited with code ${server.exitCode}`);
    const text = await readFile(portFile, 'utf8').catch(() => '');
    if (text.endsWith('\n')) return Number(text);
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('serve.mjs did not start within 10 s');
}

test('ruvector in Pyodide in a browser module worker passes the golden vectors', { timeout: 60_000 }, async () => {
  const wheel = locateWheel();
  const scratch = await mkdtemp(join(tmpdir(), 'ruvector-pyodide-'));
  const site = join(scratch, 'site');
  await mkdir(join(site, 'wheel'), { recursive: true });
  for (const dir of ['node_modules', 'web', 'tests']) await symlink(join(ROOT, dir), join(site, dir));
  await symlink(wheel, join(site, 'wheel', basename(wheel)));

  const t0 = performance.now();
  const server = spawn(process.execPath, [SERVE, '--root', site, '--port', '0', '--port-file', join(scratch, 'port')],
    { stdio: 'ignore' });
  const problems = []; // page errors, console errors, failed or >= 400 requests
  let browser;
  let result;
  try {
    const port = await waitForPort(join(scratch, 'port'), server);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 30_000 });
    const page = await browser.newPage();
    page.on('console', (m) => { if (m.type() === 'error') problems.push(`console.error: ${m.text()}`); });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('requestfailed', (r) => problems.push(`requestfailed: ${r.url()}`));
    page.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
    page.setDefaultTimeout(45_000);
    const wheelUrl = `/wheel/${encodeURIComponent(basename(wheel))}`;
    await page.goto(`http://127.0.0.1:${port}/tests/pyodide/index.html?wheel=${encodeURIComponent(wheelUrl)}`);
    result = await page.evaluate(() => window.result);
  } catch (err) {
    err.message += `\nbrowser problems:\n${problems.join('\n')}`;
    throw err;
  } finally {
    await browser?.close();
    server.kill();
    await rm(scratch, { recursive: true, force: true });
  }
  const total = Math.round(performance.now() - t0);
  assert.equal(result.error, undefined, `${result.error}\nbrowser problems:\n${problems.join('\n')}`);
  console.log(`pyodide ${result.pyodideVersion} in ${result.userAgent.match(/Chrome\/[\d.]+/)?.[0]}: `
    + `${result.summary} (loadPyodide ${result.timings.loadPyodide} ms, loadRuvector ${result.timings.loadRuvector} ms, `
    + `checks ${result.timings.checks} ms; ${total} ms with browser start)`);
  assert.match(result.summary, /^\d+ passed, 0 failed$/);
  assert.equal(result.platform, 'emscripten');
  assert.equal(result.isa, 'simd128');
  assert.match(result.userAgent, /Chrome\//);
  assert.deepEqual(problems, []);
});
