// Runs inside the module Worker that WitnessWorker (witness_worker.mjs) starts: answers
// {id, op, args} with {id, result} or {id, error: {name, message}}, where op is a function of
// witness.mjs. Its first message, {id: 0, result: 'ready'}, says the listener is attached.
import { init, witness } from './index.mjs';
import { serveOps } from './worker_serve.mjs';

serveOps('WitnessWorker', { init: (options) => init(options), ...witness });
