// The JS half of bench/a2a_events.py (run by it): CPU per event of ruvector's JS A2AClient and of
// the official @a2a-js/sdk client consuming the same replayed stream (hostile.py --mode stream-n at
// the URL given). CPU is process.cpuUsage() (user + system, this process). Prints one JSON line.
// Usage: node bench/a2a_events.mjs <peer url> [rounds] [--ruvector-only]
// RUVECTOR_SDK=<path of an index.mjs> measures another build of the SDK (the "before" of an A/B).
import { ClientFactory } from '@a2a-js/sdk/client';

const [url, roundsArg = '3', only] = process.argv.slice(2);
const rounds = Number(roundsArg);
const { A2AClient, init } = await import(process.env.RUVECTOR_SDK ?? '@ruvector/sdk');

async function ruvector() {
  const client = await A2AClient.connect(url);
  let n = 0;
  for await (const _ of client.stream('count')) n++; // eslint-disable-line no-unused-vars
  client.close();
  return n;
}

async function sdk() {
  const client = await new ClientFactory().createFromUrl(url);
  const message = { messageId: crypto.randomUUID(), role: 'ROLE_USER', parts: [{ text: 'count' }] };
  let n = 0;
  for await (const _ of client.sendMessageStream({ message })) n++; // eslint-disable-line no-unused-vars
  return n;
}

async function measure(run) {
  await run(); // warm-up: module compile, card, connection
  const cpu = [];
  const wall = [];
  let events = 0;
  for (let i = 0; i < rounds; i++) {
    const c0 = process.cpuUsage();
    const w0 = performance.now();
    events = await run();
    const c = process.cpuUsage(c0);
    cpu.push(((c.user + c.system) / events));
    wall.push(((performance.now() - w0) * 1000) / events);
  }
  const best = cpu.indexOf(Math.min(...cpu));
  const r2 = (x) => Math.round(x * 100) / 100;
  return { events, cpu_us_per_event: r2(cpu[best]), wall_us_per_event: r2(wall[best]), all_rounds_cpu_us: cpu.map(r2) };
}

await init();
const out = {};
const clients = [[`ruvector A2AClient (Node ${process.version})`, ruvector], ['@a2a-js/sdk client', sdk]];
for (const [name, run] of only === '--ruvector-only' ? clients.slice(0, 1) : clients) {
  try {
    out[name] = await measure(run);
  } catch (err) {
    out[name] = { error: String(err?.stack ?? err).slice(0, 300) };
  }
}
console.log(JSON.stringify(out));
