// @ruvector/sdk under Node (the "node" export condition): the shared modules, with the Node hooks
// (node_platform.mjs) installed first.
import './node_platform.mjs';

export * from './index.mjs';
