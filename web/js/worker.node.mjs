// @ruvector/sdk/worker under Node (the "node" export condition): the shared modules, with the Node hooks
// (node_platform.mjs) installed first.
import './node_platform.mjs';

export * from './worker.mjs';
