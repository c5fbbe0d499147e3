// The first module of every worker thread the Node entry point starts (node_platform.mjs): installs
// the Node hooks in this thread, then runs the host script it was given.
import { workerData } from 'node:worker_threads';

import './node_platform.mjs';

await import(workerData.host);
