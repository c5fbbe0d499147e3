// Module Worker: Pyodide + ruvector (as worker.mjs loads them), then the shared hostile-peer cases
// through ruvector.A2AClient over the browser's fetch (a2a_cases.py). Posts {results} or {error}.
import { loadPyodide } from '../../node_modules/pyodide/pyodide.mjs';
import { loadRuvector } from '../../web/pyodide/loader.mjs';

const PYODIDE = new URL('../../node_modules/pyodide/', import.meta.url).href;

async function run({ wheel, cases, urls }) {
  const pyodide = await loadPyodide({ indexURL: PYODIDE });
  await loadRuvector(pyodide, wheel ? { wheel } : {});
  const source = await fetch(new URL('./a2a_cases.py', import.meta.url));
  if (!source.ok) throw new Error(`a2a_cases.py: HTTP ${source.status}`);
  pyodide.FS.mkdirTree('/tmp/ruvector_cases');
  pyodide.FS.writeFile('/tmp/ruvector_cases/a2a_cases.py', await source.text());
  pyodide.globals.set('CASES_JSON', JSON.stringify(cases));
  pyodide.globals.set('URLS_JSON', JSON.stringify(urls));
  const out = await pyodide.runPythonAsync(`
import sys
sys.path.insert(0, "/tmp/ruvector_cases")
import a2a_cases
await a2a_cases.run_cases(CASES_JSON, URLS_JSON)
`);
  return { results: JSON.parse(String(out)) };
}

self.onmessage = async ({ data }) => {
  try {
    self.postMessage(await run(data));
  } catch (err) {
    self.postMessage({ error: `${err?.name ?? 'Error'}: ${err?.message ?? err}` });
  }
};
