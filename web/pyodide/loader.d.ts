// Hand-written declarations for loader.mjs (@ruvector/sdk/pyodide).
import type { InitOptions } from '../js/index.js';

/** The parts of a Pyodide instance (`await loadPyodide()`) that loadRuvector uses. */
export interface PyodideLike {
  registerJsModule(name: string, module: object): void;
  unpackArchive(buffer: ArrayBuffer | ArrayBufferView, format: string, options?: { extractDir?: string }): void;
  runPython(code: string, options?: object): unknown;
}

export interface LoadRuvectorOptions {
  /**
   * The wheel ruvector-<version>-py3-none-pyodide_2026_0_wasm32.whl: its bytes, or where to get them
   * (a URL is fetched; under Node a string or file: URL is read from disk). Default: the copy shipped
   * in this package ({@link shippedWheelUrl}).
   */
  wheel?: Uint8Array | ArrayBuffer | ArrayBufferView | URL | string;
  /** Passed to the SDK's init() (where to find ruvector_wasm.wasm, or its bytes). */
  init?: InitOptions;
}

/**
 * Makes `import ruvector` work in `pyodide`: loads the SDK's wasm module, registers the SDK as the JS
 * module `_ruvector_js`, installs the wheel offline and imports the package once.
 * @returns the same pyodide instance.
 * @throws TypeError for bad arguments; RuVectorError if the wheel or the wasm module cannot be loaded.
 */
export function loadRuvector<P extends PyodideLike>(pyodide: P, options?: LoadRuvectorOptions): Promise<P>;

/** The URL of the wheel shipped beside the loader in the npm package (call after the SDK's init()). */
export function shippedWheelUrl(): URL;
