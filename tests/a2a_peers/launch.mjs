// Starts the A2A test peers of this directory as child processes for Node tests.
//
//   const peer = await startPeer('hostile', ['--mode', 'cut-stream']);
//   try { ... peer.url ... } finally { await peer.stop(); }
//
// Kinds: 'js' (js_peer.mjs under this node), 'py' (py_peer.py) and 'hostile' (hostile.py) under
// the project venv's python (.venv/bin/python, else python3; override with RUVECTOR_PEER_PYTHON).
// Every stdio of the child is a pipe (never inherited: an orphan holding the test runner's stderr
// keeps a shell pipeline open forever). The child leads its own process group, which stop() kills
// as a whole; stdin stays open so that the peer sees EOF, and exits, if this process dies.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PEERS_DIR = dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = join(PEERS_DIR, '..', '..');
const MAX_STDERR = 64 * 1024;
const live = new Set();

function python() {
  if (process.env.RUVECTOR_PEER_PYTHON) return process.env.RUVECTOR_PEER_PYTHON;
  const venv = join(REPO_ROOT, '.venv', 'bin', 'python');
  return existsSync(venv) ? venv : 'python3';
}

export function peerCommand(kind) {
  switch (kind) {
    case 'js':
      return [process.execPath, join(PEERS_DIR, 'js_peer.mjs')];
    case 'py':
      return [python(), join(PEERS_DIR, 'py_peer.py')];
    case 'hostile':
      return [python(), join(PEERS_DIR, 'hostile.py')];
    default:
      throw new Error(`unknown peer kind ${JSON.stringify(kind)}; expected js, py or hostile`);
  }
}

function killGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

// Synchronous last resort for peers a test forgot to stop.
process.on('exit', () => {
  for (const child of live) killGroup(child, 'SIGKILL');
});

export async function startPeer(kind, args = [], { timeoutMs = 20000 } = {}) {
  const [cmd, ...base] = peerCommand(kind);
  const argv = [...base, ...args];
  const child = spawn(cmd, argv, { cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
  live.add(child);
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk) => {
    if (stderr.length < MAX_STDERR) stderr += chunk;
  });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  exited.then(() => live.delete(child));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.stdin.end();
      killGroup(child, 'SIGTERM');
      const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    if (!child.stderr.readableEnded) {
      // Let the last stderr bytes of a failed start arrive before the stream is dropped.
      await new Promise((resolve) => {
        const t = setTimeout(resolve, 500);
        child.stderr.once('end', () => {
          clearTimeout(t);
          resolve();
        });
        child.stderr.resume();
      });
    }
    child.stdout.destroy();
    child.stderr.destroy();
  };

  const url = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => done(new Error(`no READY line within ${timeoutMs} ms`)), timeoutMs);
    function done(err, value) {
      clearTimeout(timer);
      child.stdout.removeListener('data', onData);
      child.removeListener('exit', onExit);
      child.removeListener('error', onError);
      child.stdout.resume(); // keep draining: a full pipe would block the peer
      if (err) reject(err);
      else resolve(value);
    }
    function onData(chunk) {
      out += chunk;
      const nl = out.indexOf('\n');
      if (nl < 0) return;
      const line = out.slice(0, nl).trim();
      const m = /^READY (http:\/\/127\.0\.0\.1:\d+)$/.exec(line);
      done(m ? null : new Error(`unexpected stdout ${JSON.stringify(line)}`), m?.[1]);
    }
    function onExit(code, signal) {
      done(new Error(`exited (code ${code}, signal ${signal}) before READY`));
    }
    function onError(err) {
      done(err);
    }
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', onData);
    child.once('exit', onExit);
    child.once('error', onError);
  }).catch(async (err) => {
    await stop();
    throw new Error(`${cmd} ${argv.join(' ')}: ${err.message}; stderr:\n${stderr.trim() || '(empty)'}`);
  });
  return { url, stop, process: child };
}
