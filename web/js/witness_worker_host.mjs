// Runs inside the module Worker that WitnessWorker (witness_worker.mjs) starts: answers
// {id, op, args} with {id, result} or {id, error: {name, message}}, where op is a function of
// witness.mjs. Its first message, {id: 0, result: 'ready'}, says the listener is attached.
import { init, witness } from './index.mjs';
import { RuVectorError, errorToRecord } from './errors.mjs';

const ops = { init: (options) => init(options), ...witness };
const IS_NODE = typeof process === 'object' && typeof process.versions?.node === 'string';
const port = IS_NODE ? (await import('node:worker_threads')).parentPort : globalThis;

async function answer({ id, op, args }) {
  try {
    if (!Object.hasOwn(ops, op)) throw new RuVectorError(`WitnessWorker: unknown operation '${op}'`);
    port.postMessage({ id, result: await ops[op](...args) });
  } catch (err) {
    port.postMessage({ id, error: errorToRecord(err) });
  }
}

if (IS_NODE) port.on('message', answer);
else port.addEventListener('message', (event) => answer(event.data));
port.postMessage({ id: 0, result: 'ready' });
