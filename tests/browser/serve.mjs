// A tiny static file server for the browser tests: serves --root (default: the repo root) on
// 127.0.0.1 with the MIME types module workers and wasm need. It writes the bound port to
// --port-file, so a test can use --port 0 without racing for a free port.
// With --agent URL it also forwards /agent/* to an A2A server at URL (the A2A tests' peers send no
// CORS headers, so the page reaches them same-origin): bodies stream through both ways, a client
// that goes away closes the upstream request, and agent cards get the peer's origin rewritten to
// <this server>/agent so the endpoint they name goes through the proxy too.
// Usage: node tests/browser/serve.mjs [--root DIR] [--port N] [--port-file FILE] [--agent URL]
import { createServer, request as httpRequest } from 'node:http';
import { createReadStream } from 'node:fs';
import { stat, writeFile } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values: opts } = parseArgs({
  options: {
    root: { type: 'string' }, port: { type: 'string', default: '8080' }, 'port-file': { type: 'string' },
    agent: { type: 'string' },
  },
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

const AGENT = opts.agent ? new URL(opts.agent) : null;

function proxyAgent(req, res) {
  const path = req.url.slice('/agent'.length) || '/';
  const isCard = /^\/\.well-known\/agent(-card)?\.json$/.test(path.split('?')[0]);
  const headers = { ...req.headers, host: AGENT.host };
  if (isCard) delete headers['accept-encoding']; // the card body is rewritten below
  const upstream = httpRequest({ host: AGENT.hostname, port: AGENT.port, method: req.method, path, headers }, (up) => {
    if (!isCard) {
      res.writeHead(up.statusCode, up.headers);
      up.pipe(res);
      return;
    }
    const chunks = [];
    up.on('data', (c) => chunks.push(c));
    up.on('end', () => {
      const self = `http://${req.headers.host}/agent`;
      const body = Buffer.from(Buffer.concat(chunks).toString('utf8').replaceAll(AGENT.origin, self));
      const out = { ...up.headers, 'content-length': body.length };
      delete out['transfer-encoding'];
      delete out.etag; // the body changed
      res.writeHead(up.statusCode, out);
      res.end(body);
    });
  });
  upstream.on('error', () => { if (!res.headersSent) res.writeHead(502); res.end(); });
  res.on('close', () => upstream.destroy()); // the page aborted or finished: let the peer know
  req.pipe(upstream);
}

const server = createServer(async (req, res) => {
  if (AGENT && (req.url === '/agent' || req.url.startsWith('/agent/'))) {
    proxyAgent(req, res);
    return;
  }
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
