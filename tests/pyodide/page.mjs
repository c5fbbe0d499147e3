// The Pyodide test page's script: runs worker.mjs in a module Worker with the wheel URL from the query
// string (?wheel=...; without it the shipped wheel) and exposes its report as window.result (plain data, read by browser.test.mjs).
function runWorker(wheel) {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./worker.mjs', import.meta.url), { type: 'module' });
    worker.onmessage = (event) => { worker.terminate(); resolve(event.data); };
    worker.onerror = (event) => {
      worker.terminate();
      reject(new Error(`pyodide worker: ${event.message || 'failed to load'}`));
    };
    worker.postMessage({ wheel });
  });
}

window.result = (async () => {
  const wheel = new URLSearchParams(location.search).get('wheel');
  return { ...(await runWorker(wheel ? new URL(wheel, location.href).href : undefined)), userAgent: navigator.userAgent };
})();
window.result.then(
  (r) => { document.getElementById('out').textContent = JSON.stringify(r, null, 1); },
  (e) => { document.getElementById('out').textContent = `failed: ${e}`; },
);
