// @ruvector/sdk/pyodide under Node (the "node" export condition): the loader, with the SDK's Node hooks
// (../js/node_platform.mjs) installed first.
import '../js/node_platform.mjs';

export * from './loader.mjs';
