// The A2A test page's script: the scenario on the page, then in a module Worker.
// window.results resolves to plain data for Node.
import { runScenario } from './a2a_scenario.mjs';

const agentUrl = `${location.origin}/agent`;
// A port nothing listens on, chosen by the test (?closed=PORT).
const closedUrl = `http://127.0.0.1:${new URLSearchParams(location.search).get('closed')}/`;

function inWorker() {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./a2a_worker.mjs', import.meta.url), { type: 'module' });
    worker.onmessage = (event) => { worker.terminate(); resolve(event.data); };
    worker.onerror = (event) => { worker.terminate(); reject(new Error(`a2a worker: ${event.message || 'failed to load'}`)); };
    worker.postMessage({ agentUrl, closedUrl });
  });
}

async function main() {
  const results = { userAgent: navigator.userAgent };
  try {
    results.page = await runScenario(agentUrl, closedUrl);
  } catch (err) {
    results.page = { fatal: `${err?.name}: ${err?.message}` };
  }
  try {
    results.worker = await inWorker();
  } catch (err) {
    results.worker = { fatal: String(err?.message ?? err) };
  }
  document.getElementById('out').textContent = JSON.stringify(results, null, 2);
  window.results = results;
}

main();
