// --extern-pre-js for the ES6 module: emscripten 3.1.6's Node code path expects CommonJS `require`
// and `__dirname`, which do not exist in ESM. Define them only under Node; browsers and workers
// never evaluate the import.
var require, __dirname;
if (typeof process === 'object' && typeof process.versions === 'object' && process.versions.node) {
  const { createRequire } = await import('node:module');
  require = createRequire(import.meta.url);
  __dirname = require('node:path').dirname(require('node:url').fileURLToPath(import.meta.url));
}
