// The browser example (examples/browser_search/) in Debian Chromium through playwright-core: the page
// builds a RabitqIndex of 20,000 vectors in an IndexWorker, searches 200 queries and renders the hits,
// the timings and recall@10 against an exact FlatIndex; then the "Search again" form is used once.
// The assertions read the rendered page, as a user would see it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { openChromium } from './chromium_session.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

test('examples/browser_search builds and searches a RabitqIndex in a worker and renders the results',
  { timeout: 60_000 }, async () => {
    const session = await openChromium(ROOT);
    const { page, problems } = session;
    try {
      await page.goto(session.url('/examples/browser_search/'));
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
      await session.close();
    }
    assert.deepEqual(problems, []);
  });
