// What differs between Node and the web, as one hook object. The browser path (index.mjs,
// worker.mjs, every module they import) never imports a `node:` module and has no top-level await,
// so bundlers take it as is; the Node entry points (index.node.mjs, worker.node.mjs, the package's
// "node" export condition) import node_platform.mjs first, which fills `platform.node`.
import { RuVectorError } from './errors.mjs';

export const platform = {
  /**
   * Under Node only: { fs (node:fs/promises), fileURLToPath, pathToFileURL, wasmFile (URL of
   * dist/ruvector_wasm.wasm), startWorker(urlOrHostName, onMessage, onFailure) -> port, parentPort }.
   * @type {null | Record<string, any>}
   */
  node: null,
};

/** True when running under Node (whether or not the Node entry point was used). */
export const RUNNING_IN_NODE = typeof process === 'object' && typeof process.versions?.node === 'string';

/**
 * The Node hooks for `what`; outside Node (or without the Node entry point) the error says what to do:
 * "<what> needs <need>: <alternative>".
 */
export function nodeOnly(what, alternative, need = 'Node') {
  if (platform.node) return platform.node;
  if (RUNNING_IN_NODE) {
    throw new RuVectorError(`${what} under Node needs the package's Node entry point: import '@ruvector/sdk' `
      + '(or @ruvector/sdk/worker), not a file path, so the "node" export condition applies');
  }
  throw new RuVectorError(`${what} needs ${need}${alternative ? `: ${alternative}` : ''}`);
}
