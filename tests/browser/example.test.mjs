// The browser example (examples/browser_search/) in Debian Chromium through playwright-core: the page
// builds a RabitqIndex of 20,000 vectors in an IndexWorker, searches 200 queries and renders the hits,
// the timings and recall@10 against an exact FlatIndex; then the "Search again" form is used once.
// The assertions read the rendered page, as a user would see it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

// serve.mjs writes its port to a file once listening (stdio 'ignore': see worker.test.mjs).
async function waitForPort(portFile, server) {
  for (let waited = 0; waited < 10_000; waited += 25) {
    if (server.exitCode !== null) throw new Error(`serve.mjs exited with code ${server.exitCode}`);
    const text = await readFile(portFile, 'utf8').catch(() => '');
    if (text.endsWith('\n')) return Number(text);
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('serve.mjs did not start within 10 s');
}

test('examples/browser_search builds and searches a RabitqIndex in a worker and renders the results',
  { timeout: 60_000 }, async () => {
    const scratch = await mkdtemp(join(tmpdir(), 'ruvector-example-'));
    const server = spawn(process.execPath, [fileURLToPath(new URL('./serve.mjs', import.meta.url)),
      '--root', ROOT, '--port', '0', '--port-file', join(scratch, 'port')], { stdio: 'ignore' });
    const problems = [];
    let browser;
    try {
      const port = await waitForPort(join(scratch, 'port'), server);
      browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 30_000 });
      const page = await browser.newPage();
      page.on('console', (m) => { if (m.type() === 'error') problems.push(`console.error: ${m.text()}`); });
      page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
      page.on('requestfailed', (r) => problems.push(`requestfailed: ${r.url()}`));
      page.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
      page.setDefaultTimeout(45_000);
      await page.goto(`http://127.0.0.1:${port}/examples/browser_search/`);
      await page.waitForSelector('body[data-state="done"], body[data-state="error"]');

      const status = await page.textContent('#status');
      assert.match(status, /^done: 200 queries in [\d.,]+ ms, recall@10 [01]\.\d{3}$/, `${status}\n${problems.join('\n')}`);
      const stats = Object.fromEntries(await page.$$eval('#stats dd', (dds) => dds.map((d) => [d.dataset.stat, d.textContent])));
      assert.equal(stats.vectors, '20,000 × 128');
      assert.match(stats['build (worker)'], /^[\d,]+ ms$/);
      assert.match(stats.QPS, /^[\d,]+$/);
      assert.ok(Number(stats['IVF lists'].replace(/,/g, '')) >= 1);
      const recall = Number(stats['recall@10']);
      assert.ok(recall >= 0.9, `recall@10 ${recall}`);
      const rows = await page.$$eval('#hits tr', (trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent)));
      assert.equal(rows.length, 10);
      rows.forEach((row, i) => {
        assert.equal(row[0], String(i + 1));
        assert.match(row[1], /^\d+$/);
        assert.ok(Number(row[2]) >= 0);
      });
      for (let i = 1; i < rows.length; i++) assert.ok(Number(rows[i - 1][2]) <= Number(rows[i][2]), 'closest first');
      // The build ran in a worker: the page kept painting meanwhile.
      const example = await page.evaluate(() => window.example);
      assert.ok(example.frames > 0, `frames ${example.frames}`);
      assert.equal(example.nlist, Number(stats['IVF lists'].replace(/,/g, '')));

      // "Search again" with other settings and another query.
      await page.fill('#nprobe', '1');
      await page.fill('#rerank', '2');
      await page.fill('#query', '5');
      await page.click('#again button');
      await page.waitForFunction(() => document.getElementById('query-shown').textContent === '5'
        && !document.querySelector('#again button').disabled);
      assert.equal(await page.textContent('[data-stat="nprobe / rerank"]'), '1 / 2');
      assert.equal((await page.$$('#hits tr')).length, 10);
      assert.match(await page.textContent('#status'), /^done: /);
    } catch (err) {
      err.message += `\nbrowser problems:\n${problems.join('\n')}`;
      throw err;
    } finally {
      await browser?.close();
      server.kill();
      await rm(scratch, { recursive: true, force: true });
    }
    assert.deepEqual(problems, []);
  });
