// Module Worker: runs the shared hostile-peer cases (posted by a2a_cases.test.mjs) through the npm
// package's A2AClient over the browser's fetch, and posts back, per case, the error (class name,
// message, whether it is that class of the SDK) and what the recorder got meanwhile.
import * as sdk from '../../web/js/index.mjs';
import { caseOptions } from '../a2a_peers/case_options.mjs';

async function recorded(url) {
  return (await (await fetch(`${url}/_stats`)).json()).recorded ?? [];
}

async function run(c, url, options) {
  const client = await sdk.A2AClient.connect(url, options);
  try {
    if (c.op === 'send') {
      const reply = await client.send('echo trust');
      if (reply.text !== 'trust') throw new Error(`unexpected reply ${JSON.stringify(reply.text)}`);
    } else if (c.op === 'stream') {
      for await (const _ of client.stream('count 2'));
    }
  } finally {
    client.close();
  }
}

self.onmessage = async ({ data: { cases, urls, recorders, jwks } }) => {
  try {
    await sdk.init();
    const out = [];
    for (const c of cases) {
      const url = urls[c.mode];
      const hasStats = c.mode !== 'closed-port';
      const before = hasStats ? await recorded(url) : [];
      let error = null;
      try {
        await run(c, url, caseOptions(c, { jwks, recorder: recorders[c.mode] ?? '' }));
      } catch (err) {
        error = [err?.name, err?.message, err instanceof (sdk[err?.name] ?? Never)];
      }
      const after = hasStats ? await recorded(url) : [];
      out.push({ name: c.name, error, recorded: after.slice(before.length) });
    }
    self.postMessage({ results: out });
  } catch (err) {
    self.postMessage({ fatal: `${err?.name}: ${err?.message}` });
  }
};

class Never {}
