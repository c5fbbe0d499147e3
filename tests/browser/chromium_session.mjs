// What every Chromium test needs, in one place: the static server (serve.mjs on a free port; stdio
// 'ignore' so it can never keep a caller's shell pipeline open) and Debian Chromium through
// playwright-core (never a downloaded browser) with the flags this machine needs, plus a log of
// everything the page did wrong.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const SERVE = fileURLToPath(new URL('./serve.mjs', import.meta.url));
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

// serve.mjs writes its port to a file once listening.
async function waitForPort(portFile, server) {
  for (let waited = 0; waited < 10_000; waited += 25) {
    if (server.exitCode !== null) throw new Error(`serve.mjs exited with code ${server.exitCode}`);
    const text = await readFile(portFile, 'utf8').catch(() => '');
    if (text.endsWith('\n')) return Number(text);
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('serve.mjs did not start within 10 s');
}

/**
 * Serves `root` and opens a page. `problems` collects page errors, failed or >= 400 requests and
 * console errors (every console message with `allConsole`). `serveArgs` go to serve.mjs (e.g.
 * ['--agent', peerUrl]). Always call close().
 */
export async function openChromium(root, { allConsole = false, timeout = 45_000, serveArgs = [] } = {}) {
  const scratch = await mkdtemp(join(tmpdir(), 'ruvector-chromium-'));
  const server = spawn(process.execPath,
    [SERVE, '--root', root, '--port', '0', '--port-file', join(scratch, 'port'), ...serveArgs], { stdio: 'ignore' });
  const problems = [];
  let browser;
  const close = async () => {
    await browser?.close();
    server.kill();
    await rm(scratch, { recursive: true, force: true });
  };
  try {
    const port = await waitForPort(join(scratch, 'port'), server);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 30_000 });
    const page = await browser.newPage();
    page.on('console', (m) => {
      if (allConsole || m.type() === 'error') problems.push(`console.${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('requestfailed', (r) => problems.push(`requestfailed: ${r.url()}`));
    page.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
    page.setDefaultTimeout(timeout);
    return { url: (path) => `http://127.0.0.1:${port}${path}`, page, problems, close };
  } catch (err) {
    await close();
    throw err;
  }
}
