// Helpers for the A2A client tests: the real peers of tests/a2a_peers/ (started through its
// launch.mjs) and hostile.py's /_stats. Works from the repo and from run.sh's scratch copy
// (RUVECTOR_REPO_ROOT points back at the repo there).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const REPO_ROOT = process.env.RUVECTOR_REPO_ROOT ?? fileURLToPath(new URL('../..', import.meta.url));
const { startPeer: launch } = await import(pathToFileURL(join(REPO_ROOT, 'tests/a2a_peers/launch.mjs')).href);

/** Starts a peer; with `jwks: true` it writes its public JWKS (--jwks-out), returned as text. */
export async function startPeer(kind, args = [], { jwks = false } = {}) {
  let dir;
  let extra = [];
  if (jwks) {
    dir = await mkdtemp(join(tmpdir(), 'ruvector-a2a-'));
    extra = ['--jwks-out', join(dir, 'jwks.json')];
  }
  try {
    const peer = await launch(kind, [...args, ...extra]);
    const keys = jwks ? await readFile(join(dir, 'jwks.json'), 'utf8') : undefined;
    return {
      url: peer.url,
      jwks: keys,
      stop: async () => {
        await peer.stop();
        if (dir) await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    if (dir) await rm(dir, { recursive: true, force: true });
    throw err;
  }
}

/** hostile.py's connection counters: {open_connections, requests}. */
export async function stats(url) {
  const r = await fetch(`${url}/_stats`);
  return r.json();
}

/**
 * Polls hostile.py until at most `allowed` client connections are open; returns the ms it took
 * (or throws).
 */
export async function waitForClosedConnections(url, { allowed = 0, limitMs = 3000 } = {}) {
  const start = performance.now();
  for (;;) {
    const s = await stats(url);
    if (s.open_connections <= allowed) return performance.now() - start;
    if (performance.now() - start > limitMs) throw new Error(`peer still holds ${s.open_connections} connection(s) after ${limitMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Collects a stream's events; rejects like the stream does. */
export async function collect(iterable) {
  const out = [];
  for await (const ev of iterable) out.push(ev);
  return out;
}
