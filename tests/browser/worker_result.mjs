// What the encoder browser tests share: run one module worker of this directory in Debian Chromium
// (a page served from the repo root) and return the message it posts, and cosine similarity.
import { openChromium } from './chromium_session.mjs';

/** The first message of the module worker at `path` (with its query), or {fatal} if it failed. */
export async function workerResult(root, path, { timeout = 200_000 } = {}) {
  const session = await openChromium(root, { timeout });
  try {
    await session.page.goto(session.url('/tests/browser/index.html'));
    return await session.page.evaluate((url) => new Promise((resolve) => {
      const worker = new Worker(url, { type: 'module' });
      worker.onmessage = (e) => { resolve(e.data); worker.terminate(); };
      worker.onerror = (e) => resolve({ fatal: `worker error: ${e.message}` });
    }), session.url(path));
  } finally {
    await session.close();
  }
}

export function cosine(a, b) {
  let dot = 0; let na = 0; let nb = 0;
  for (let i = 0; i < a.length; i++) { dot += a[i] * b[i]; na += a[i] * a[i]; nb += b[i] * b[i]; }
  return dot / Math.sqrt(na * nb);
}
