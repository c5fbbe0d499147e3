// Runs one benchmark module Worker in Debian's Chromium (tests/browser/chromium_session.mjs: serve.mjs
// on 127.0.0.1 serving the repo root, playwright-core, never a downloaded browser) and returns the
// worker's one reply. The worker starts from bench/worker_page.html, an empty page, so nothing else
// runs in the browser while it is timed. A reply with `fatal` (or a worker error) throws, with what
// the page logged.
import { fileURLToPath } from 'node:url';
import { relative } from 'node:path';

import { openChromium } from '../tests/browser/chromium_session.mjs';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The URL path under which serve.mjs serves `dir` (a directory in the repo). */
export function servedPath(dir) {
  return `/${relative(ROOT, dir).split('\\').join('/')}/`;
}

/** Posts `message` to the module worker `workerPath` (a repo-relative URL path) and returns its reply. */
export async function runInChromiumWorker(workerPath, message, { timeout = 600_000 } = {}) {
  const session = await openChromium(ROOT, { timeout });
  try {
    await session.page.goto(session.url('/bench/worker_page.html'));
    const out = await session.page.evaluate(({ url, message }) => new Promise((resolve) => {
      const worker = new Worker(url, { type: 'module' });
      worker.onmessage = (e) => { resolve(e.data); worker.terminate(); };
      worker.onerror = (e) => resolve({ fatal: `worker error: ${e.message}` });
      worker.postMessage(message);
    }), { url: session.url(workerPath), message });
    if (out.fatal) throw new Error(`${out.fatal}\n${session.problems.join('\n')}`);
    return out;
  } finally {
    await session.close();
  }
}
