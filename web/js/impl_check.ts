// Compiled by `tsc -p web/js/tsconfig.impl.json` only (never shipped): the .mjs implementations,
// read by TypeScript with allowJs, must be assignable to the hand-written declarations. A missing
// or renamed export, method or static, or a function that needs more arguments than declared,
// fails the check (the consumer test types_check.ts only proves the .d.ts is self-consistent).
import type * as IndexApi from './index.js';
import type * as WorkerApi from './worker.js';
import type * as PyodideApi from '../pyodide/loader.js';
import * as index from './index.mjs';
import * as worker from './worker.mjs';
import * as pyodideLoader from '../pyodide/loader.mjs';
import * as indexNode from './index.node.mjs';
import * as workerNode from './worker.node.mjs';
import * as pyodideLoaderNode from '../pyodide/loader.node.mjs';

export const indexImplementsDeclarations: typeof IndexApi = index;
export const workerImplementsDeclarations: typeof WorkerApi = worker;
export const pyodideLoaderImplementsDeclarations: typeof PyodideApi = pyodideLoader;
// The "node" export condition's entry points offer the same API.
export const indexNodeImplementsDeclarations: typeof IndexApi = indexNode;
export const workerNodeImplementsDeclarations: typeof WorkerApi = workerNode;
export const pyodideLoaderNodeImplementsDeclarations: typeof PyodideApi = pyodideLoaderNode;
