// Browser test: Debian Chromium (through playwright-core, never a downloaded browser) opens
// tests/pyodide/index.html; its module Worker (worker.mjs) loads Pyodide from the served node_modules,
// installs the pure wheel through @ruvector/sdk/pyodide (loader.mjs, given the wheel's URL) and runs
// golden_check.py and lake_check.py (rv.Lake). Offline: everything comes from a local static server on 127.0.0.1.
//
// The server (tests/browser/serve.mjs) serves a scratch root of symlinks (node_modules, web, tests and
// the wheel), so a wheel from $RUVECTOR_PYODIDE_WHEEL outside the repo is served as well.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { openChromium } from '../browser/chromium_session.mjs';

import { locateWheel } from './wheel.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
test('ruvector in Pyodide in a browser module worker passes the golden vectors', { timeout: 60_000 }, async () => {
  const wheel = locateWheel();
  const scratch = await mkdtemp(join(tmpdir(), 'ruvector-pyodide-'));
  const site = join(scratch, 'site');
  await mkdir(join(site, 'wheel'), { recursive: true });
  for (const dir of ['node_modules', 'web', 'tests']) await symlink(join(ROOT, dir), join(site, dir));
  await symlink(wheel, join(site, 'wheel', basename(wheel)));

  const t0 = performance.now();
  let session;
  let problems = []; // page errors, console errors, failed or >= 400 requests
  let result;
  try {
    session = await openChromium(site);
    problems = session.problems;
    const wheelUrl = `/wheel/${encodeURIComponent(basename(wheel))}`;
    await session.page.goto(session.url(`/tests/pyodide/index.html?wheel=${encodeURIComponent(wheelUrl)}`));
    result = await session.page.evaluate(() => window.result);
  } catch (err) {
    err.message += `\nbrowser problems:\n${problems.join('\n')}`;
    throw err;
  } finally {
    await session?.close();
    await rm(scratch, { recursive: true, force: true });
  }
  const total = Math.round(performance.now() - t0);
  assert.equal(result.error, undefined, `${result.error}\nbrowser problems:\n${problems.join('\n')}`);
  console.log(`pyodide ${result.pyodideVersion} in ${result.userAgent.match(/Chrome\/[\d.]+/)?.[0]}: `
    + `${result.summary} (loadPyodide ${result.timings.loadPyodide} ms, loadRuvector ${result.timings.loadRuvector} ms, `
    + `checks ${result.timings.checks} ms; ${total} ms with browser start)`);
  assert.match(result.summary, /^\d+ passed, 0 failed$/);
  assert.equal(result.lakeSummary, '7 passed, 0 failed');
  assert.equal(result.platform, 'emscripten');
  assert.equal(result.isa, 'simd128');
  assert.match(result.userAgent, /Chrome\//);
  assert.deepEqual(problems, []);
});
