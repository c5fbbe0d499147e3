// The Node side of platform.mjs: file reads, paths and worker_threads, imported (for its effect) by
// the Node entry points before anything else, so the shared modules never import `node:` themselves.
import * as fs from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, parentPort } from 'node:worker_threads';

import { platform } from './platform.mjs';

// Every worker thread starts here: it installs these hooks in the thread, then imports the host.
const WORKER_BOOT = new URL('./node_worker_boot.mjs', import.meta.url);

// A user's host script: a URL, a URL string or a file path (relative to the working directory).
function hostUrl(url) {
  if (url instanceof URL) return url;
  return /^[a-z][a-z0-9+.-]*:/i.test(String(url)) ? new URL(String(url)) : pathToFileURL(String(url));
}

/**
 * Starts a host script ({url} of the user's, else the file {name} next to this module, such as
 * 'worker_host.mjs') in a worker_threads Worker; returns the port WorkerRpc talks through.
 */
function startWorker({ url, name }, onMessage, onFailure) {
  const host = url === undefined ? new URL(`./${name}`, import.meta.url) : hostUrl(url);
  const worker = new Worker(WORKER_BOOT, { workerData: { host: host.href } });
  worker.on('message', onMessage);
  worker.on('error', (err) => onFailure(`the worker failed: ${err?.message ?? err}`));
  worker.on('exit', (code) => onFailure(`the worker exited with code ${code}`));
  return {
    post: (message, transfer) => worker.postMessage(message, transfer),
    terminate: () => { void worker.terminate(); },
    // An idle worker must not keep Node's event loop alive; one with a call in flight must.
    busy: () => worker.ref(),
    idle: () => worker.unref(),
  };
}

platform.node = {
  fs,
  fileURLToPath,
  pathToFileURL,
  wasmFile: new URL('./dist/ruvector_wasm.wasm', import.meta.url),
  startWorker,
  parentPort,
};
