// Runs the ruvector Python package inside Pyodide: the package's Pyodide backend calls the same wasm
// module as the JS SDK through Pyodide's JS bridge (a Pyodide-native C++ extension cannot be built
// with the project's emscripten). Works in Node and in browser (module) workers.
//
//   import { loadPyodide } from 'pyodide';
//   import { loadRuvector } from '@ruvector/sdk/pyodide';
//   const pyodide = await loadRuvector(await loadPyodide());
//   pyodide.runPython('import ruvector');
//
// The package's wheel ships next to this file (scripts/build_pyodide_wheel.py, run by npm's prepack).
import * as sdk from '../js/index.mjs';
import { RUNNING_IN_NODE, nodeOnly } from '../js/platform.mjs';
import { eventRecords } from '../js/a2a.mjs';
import { loaded } from '../js/runtime.mjs';
import * as files from './files.mjs';

/** The name of the JS module the Python side imports (ruvector/_pyodide_backend.py). */
const JS_MODULE = '_ruvector_js';
/** The wasm module's Embind classes, for the cores the Python side drives itself (ruvector/_pyodide_a2a.py). */
const WASM_MODULE = '_ruvector_wasm';
/** The platform tag of the shipped wheel: Pyodide's ABI (scripts/build_pyodide_wheel.py says why). */
const WHEEL_TAG = 'py3-none-pyodide_2026_0_wasm32';
/** The SDK's decoders of binding records that the Python side shares (ruvector/_pyodide_a2a.py). */
const DECODERS_MODULE = '_ruvector_decoders';
/** The core's directory code on Pyodide's files (files.mjs; ruvector/_pyodide_backend.py). */
const FILES_MODULE = '_ruvector_files';

function describe(value) {
  if (value === null) return 'null';
  if (typeof value === 'object') return value.constructor?.name ?? 'object';
  return typeof value;
}

// The wheel's bytes from a typed array/ArrayBuffer as is, or read from a URL or (under Node) a path.
async function wheelBytes(wheel) {
  if (wheel instanceof ArrayBuffer) return new Uint8Array(wheel);
  if (ArrayBuffer.isView(wheel)) return new Uint8Array(wheel.buffer, wheel.byteOffset, wheel.byteLength);
  if (typeof wheel !== 'string' && !(wheel instanceof URL)) {
    throw new TypeError(`loadRuvector: wheel must be a Uint8Array, an ArrayBuffer, a URL or a string, got ${describe(wheel)}`);
  }
  const where = String(wheel);
  if (RUNNING_IN_NODE && !/^(https?|data|blob):/i.test(where)) {
    // Node's fetch cannot read file: URLs; plain strings are file paths.
    const data = await nodeOnly(`reading the wheel ${where}`).fs.readFile(/^file:/i.test(where) ? new URL(where) : where);
    return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  }
  let response;
  try {
    response = await fetch(wheel);
  } catch (cause) {
    throw new sdk.RuVectorError(`loadRuvector: could not fetch the wheel ${where}: ${cause?.message ?? cause}`, { cause });
  }
  if (!response.ok) throw new sdk.RuVectorError(`loadRuvector: could not fetch the wheel ${where}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

/** Where the wheel of this SDK version lies in the npm package: beside this file. */
export function shippedWheelUrl() {
  return new URL(`./ruvector-${sdk.version()}-${WHEEL_TAG}.whl`, import.meta.url);
}

/**
 * Makes `import ruvector` work in `pyodide`: loads the SDK's wasm module (`init()`), registers the
 * SDK as the JS module `_ruvector_js` and the wasm module as `_ruvector_wasm`, installs the wheel
 * (offline: no micropip; by default the copy shipped in this package) and imports the package once,
 * so a broken install fails here. Resolves to the same pyodide instance.
 */
export async function loadRuvector(pyodide, { wheel, init: initOptions } = {}) {
  if (!pyodide || typeof pyodide.unpackArchive !== 'function' || typeof pyodide.registerJsModule !== 'function') {
    throw new TypeError(`loadRuvector: pass the instance returned by loadPyodide(), got ${describe(pyodide)}`);
  }
  await sdk.init(initOptions);
  const bytes = await wheelBytes(wheel ?? shippedWheelUrl());
  pyodide.registerJsModule(JS_MODULE, sdk);
  pyodide.registerJsModule(WASM_MODULE, loaded());
  pyodide.registerJsModule(DECODERS_MODULE, { a2aEventRecords: (batch) => eventRecords(loaded(), batch) });
  pyodide.registerJsModule(FILES_MODULE, files);
  pyodide.unpackArchive(bytes, 'wheel');
  pyodide.runPython('import importlib; importlib.invalidate_caches(); import ruvector');
  return pyodide;
}
