// A tiny static file server for the browser tests: serves --root (default: the repo root) on
// 127.0.0.1 with the MIME types module workers and wasm need. It writes the bound port to
// --port-file, so a test can use --port 0 without racing for a free port.
// Usage: node tests/browser/serve.mjs [--root DIR] [--port N] [--port-file FILE]
import { createServer } from 'node:http';
import { createReadStream } from 'node:fs';
import { stat, writeFile } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values: opts } = parseArgs({
  options: { root: { type: 'string' }, port: { type: 'string', default: '8080' }, 'port-file': { type: 'string' } },
});
const ROOT = resolve(opts.root ?? fileURLToPath(new URL('../..', import.meta.url)));

// Browsers refuse module scripts without a JavaScript MIME type, and instantiateStreaming needs
// application/wasm.
const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

async function resolveFile(urlPath) {
  const file = resolve(ROOT, `.${decodeURIComponent(urlPath)}`);
  if (file !== ROOT && !file.startsWith(ROOT + sep)) return null; // no escaping the root via ../
  const info = await stat(file).catch(() => null);
  if (info?.isDirectory()) return resolveFile(`${urlPath.replace(/\/?$/, '/')}index.html`);
  return info?.isFile() ? { file, size: info.size } : null;
}

const server = createServer(async (req, res) => {
  const found = req.method === 'GET' || req.method === 'HEAD'
    ? await resolveFile(new URL(req.url, 'http://localhost').pathname).catch(() => null)
    : null;
  if (!found) {
    res.writeHead(req.method === 'GET' || req.method === 'HEAD' ? 404 : 405, { 'content-type': MIME['.txt'] });
    res.end('not found\n');
    return;
  }
  res.writeHead(200, {
    'content-type': MIME[extname(found.file)] ?? 'application/octet-stream',
    'content-length': found.size,
    'cache-control': 'no-store',
  });
  if (req.method === 'HEAD') res.end();
  else createReadStream(found.file).pipe(res);
});

server.listen(Number(opts.port), '127.0.0.1', async () => {
  const { port } = server.address();
  if (opts['port-file']) await writeFile(opts['port-file'], `${port}\n`);
  else console.log(`serving ${ROOT} at http://127.0.0.1:${port}/`);
});
