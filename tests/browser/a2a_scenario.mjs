// The A2A scenario the browser test runs twice, on the page and in a module Worker: connect through
// serve.mjs's /agent proxy, send, stream `count 5`, getTask, and abort a slow stream. Returns plain
// data (it is posted across threads and read by Node).
import { A2AClient, TransportError, init } from '../../web/js/index.mjs';

export async function runScenario(agentUrl, closedUrl) {
  await init();
  const out = {};
  const client = await A2AClient.connect(agentUrl);
  try {
    out.card = { name: client.name, endpoint: client.endpoint, version: client.protocolVersion, verified: client.cardVerified };
    out.echo = (await client.send('echo from the browser')).text;
    out.events = [];
    for await (const ev of client.stream('count 5')) {
      out.events.push({ kind: ev.kind, taskId: ev.taskId, state: ev.state, text: ev.text, final: ev.final });
    }
    out.task = (await client.getTask(out.events[0].taskId)).state;

    // Abort a stream that would take 3 s: the loop must reject with AbortError right away.
    const controller = new AbortController();
    let seen = 0;
    let abortedAt = 0;
    try {
      for await (const ev of client.stream('count 30 delay 100', { signal: controller.signal })) {
        if (ev.kind && ++seen === 3) {
          abortedAt = performance.now();
          controller.abort();
        }
      }
      out.abort = { error: null };
    } catch (err) {
      out.abort = { name: err.name, isDOMException: err instanceof DOMException, seen, ms: performance.now() - abortedAt };
    }

    // A network failure (nothing listens at closedUrl) names the URL.
    try {
      await A2AClient.connect(closedUrl, { readTimeoutMs: 5000 });
      out.unreachable = { error: null };
    } catch (err) {
      out.unreachable = { name: err.name, isClass: err instanceof TransportError, message: err.message };
    }
  } finally {
    client.close();
  }
  return out;
}
